package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.DeadLetter;
import io.tracepipe.ingest.DecodedRecord;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.ingest.Ids;
import io.tracepipe.ingest.OtlpRecordDecoder;
import io.tracepipe.ingest.TraceFragment;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.Workload;
import io.tracepipe.topology.HeaderValues;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.topology.decode.DeadLetterHeaders;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import io.tracepipe.topology.output.TraceRecordSplitter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input on a real broker, the pipeline in a child JVM with a 256 MB heap: random bytes,
 * truncated and mutated collector records, a span with a 1 MB attribute, a record at the broker's
 * size limit, a 100,000-span trace, all-zero ids, timestamps far in the future and the past, and
 * duplicated spans. Every bad record is in the dead-letter topic with its reason; every valid span
 * comes out exactly once (a span id seen twice in a trace is kept once); the pipeline never stops.
 * {@code -Dreliability.hostile-records=N} (default 600) random, truncated and mutated records each.
 */
class HostileInputIT {
    private static final int BIG_TRACE_SPANS = 100_000;

    @TempDir
    Path dir;

    private final List<ProducerRecord<byte[], byte[]>> toSend = new ArrayList<>();
    private final Set<String> expectedSpans = new HashSet<>();
    private final List<byte[]> expectedUndecodable = new ArrayList<>();
    private int expectedDeadLetters;
    private int expectedDuplicates;
    private String input;

    @Test
    void badRecordsAreParkedWithTheirReasonValidSpansComeOutOnceAndThePipelineKeepsRunning() throws Exception {
        Instant started = Instant.now();
        int hostile = Figures.knob("hostile-records", 600);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String yaml = CrashRestartIT.config(broker.bootstrapServers(), dir.resolve("state"), 2, "");
            Path configFile = PipelineProcess.writeConfig(dir, yaml);
            TracepipeConfig cfg = ConfigLoader.load(configFile);
            Map<String, Object> client = StreamsProperties.client(cfg);
            TopicCreator.createMissing(client, cfg.topics());
            input = cfg.topics().names().input();

            Random random = new Random(hostile);
            OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.OTLP_PROTO);
            Instant now = Instant.now();
            // valid traffic
            for (OtlpRecord r : Workload.generate(GeneratorSettings.defaults(21), 100, now)) {
                add(decoder, r.value(), null);
            }
            // random bytes, and collector records cut short or mutated (from traffic that is never sent whole)
            for (int i = 0; i < hostile; i++) {
                byte[] value = new byte[random.nextInt(2_000)];
                random.nextBytes(value);
                add(decoder, value, null);
            }
            // each original record is used once: two damaged copies of one record would send its spans twice
            List<OtlpRecord> fodder = new ArrayList<>();
            for (long seed = 22; fodder.size() < 2 * hostile; seed++) {
                fodder.addAll(Workload.generate(GeneratorSettings.defaults(seed), 200, now));
            }
            for (int i = 0; i < 2 * hostile; i++) {
                byte[] value = fodder.get(i).value();
                add(decoder, i % 2 == 0 ? Arrays.copyOf(value, random.nextInt(value.length)) : mutate(value, random), null);
            }
            // a span with a 1 MB attribute between two ordinary ones; a record at the broker's size limit
            add(decoder, request(span(traceId(1), 1, now, 0), span(traceId(1), 2, now, 1_000_000), span(traceId(1), 3, now, 0)), null);
            byte[] atLimit = new byte[1_048_400];
            random.nextBytes(atLimit);
            atLimit[0] = 0x0A;
            add(decoder, atLimit, null);
            // all-zero ids beside a valid span; timestamps far in the future and the past
            Span zeroTrace = span(traceId(2), 1, now, 0).toBuilder().setTraceId(ByteString.copyFrom(new byte[16])).build();
            Span zeroSpan = span(traceId(2), 2, now, 0).toBuilder().setSpanId(ByteString.copyFrom(new byte[8])).build();
            add(decoder, request(zeroTrace, zeroSpan, span(traceId(2), 3, now, 0)), null);
            add(decoder, request(span(traceId(3), 1, Instant.parse("2200-01-01T00:00:00Z"), 0), span(traceId(3), 2, Instant.EPOCH, 0),
                    span(traceId(3), 3, Instant.parse("1970-01-01T00:00:01Z"), 0)), null);
            // duplicates: a record twice in a row on one partition, and a span twice in one record
            byte[] twice = request(span(traceId(4), 1, now, 0), span(traceId(4), 2, now, 0), span(traceId(4), 3, now, 0));
            add(decoder, twice, 0);
            add(decoder, twice, 0);
            Span repeated = span(traceId(5), 1, now, 0);
            add(decoder, request(repeated, span(traceId(5), 2, now, 0), repeated), null);
            expectedDuplicates = 4;
            // a 100,000-span trace in 100 records: ten truncated parts of 10,000 spans, each above 1 MB
            for (int r = 0; r < 100; r++) {
                Span[] spans = new Span[BIG_TRACE_SPANS / 100];
                for (int i = 0; i < spans.length; i++) {
                    spans[i] = span(traceId(6), r * spans.length + i + 1, now, 100);
                }
                add(decoder, request(spans), null);
            }

            try (PipelineProcess pipeline = PipelineProcess.start(configFile, "-Xmx256m")) {
                String base = "http://127.0.0.1:" + pipeline.httpPort(Duration.ofSeconds(60));
                pipeline.awaitRunning(Duration.ofSeconds(90));
                Map<String, Object> props = new HashMap<>(client);
                props.put(ProducerConfig.ACKS_CONFIG, "all");
                props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                    for (ProducerRecord<byte[], byte[]> r : toSend) {
                        producer.send(r).get();
                    }
                }

                ExactlyOnce.Tally tally = ExactlyOnce.sampledTraces(broker.bootstrapServers(), cfg.topics().names().sampledTraces(),
                        expectedSpans, Duration.ofMinutes(3), Duration.ofSeconds(3));
                List<ConsumerRecord<byte[], byte[]>> parked = TopicReader.readUntil(broker.bootstrapServers(),
                        cfg.topics().names().deadLetter(), Duration.ofSeconds(60), got -> got.size() >= expectedDeadLetters);
                List<ConsumerRecord<byte[], byte[]>> bigTrace = TopicReader.readUntil(broker.bootstrapServers(),
                        cfg.topics().names().sampledTraces(), Duration.ofSeconds(30), got -> false).stream()
                        .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(Ids.toHex(traceId(6).toByteArray()))).toList();
                assertThat(pipeline.isAlive()).as("the pipeline never stops; its errors:%n%s", String.join("\n",
                        pipeline.lines().stream().filter(l -> l.contains("Exception") || l.contains("ERROR")).limit(20).toList())).isTrue();
                String metrics = Http.body(base + "/metrics");
                long peakRssKb = peakRssKb(pipeline.pid());
                Figures.record("HostileInputIT", started, toSend.size() + " records (" + hostile + " random, " + 2 * hostile
                        + " truncated or mutated, a 1 MB attribute, a record at the size limit, zero ids, far timestamps, duplicates, a "
                        + BIG_TRACE_SPANS + "-span trace in " + bigTrace.size() + " records)", tally,
                        "dead letters " + parked.size() + " of " + expectedDeadLetters + " expected; duplicate spans counted "
                                + (long) Http.metric(metrics, "tracepipe_duplicate_spans_total") + "; peak RSS " + peakRssKb / 1024
                                + " MB with -Xmx256m");

                assertThat(pipeline.isAlive()).as("the pipeline never stops").isTrue();
                assertThat(pipeline.log()).doesNotContain("pipeline failed", "-> ERROR", "OutOfMemoryError", "RecordTooLarge");
                assertThat(Http.status(base + "/readyz")).isEqualTo(200);
                tally.assertExactlyOnce();

                assertThat(parked).hasSize(expectedDeadLetters);
                assertThat(parked).allSatisfy(rec -> {
                    assertThat(HeaderValues.text(rec.headers(), DeadLetterHeaders.ERROR)).isNotBlank();
                    assertThat(HeaderValues.text(rec.headers(), DeadLetterHeaders.ERROR_KIND)).isIn("undecodable", "invalid_spans");
                    assertThat(HeaderValues.text(rec.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isNotBlank();
                });
                Set<ByteBuffer> parkedValues = new HashSet<>();
                parked.forEach(r -> parkedValues.add(ByteBuffer.wrap(r.value())));
                assertThat(expectedUndecodable).allSatisfy(v -> assertThat(parkedValues).contains(ByteBuffer.wrap(v)));
                assertThat(parked).anySatisfy(r -> assertThat(HeaderValues.text(r.headers(), DeadLetterHeaders.ERROR))
                        .contains("larger than the " + OtlpRecordDecoder.MAX_SPAN_BYTES + "-byte span limit"));
                assertThat(parked).anySatisfy(r -> assertThat(HeaderValues.text(r.headers(), DeadLetterHeaders.ERROR))
                        .contains("trace id is all zeros").contains("span id is all zeros"));
                assertThat(parked).anySatisfy(r -> assertThat(r.value()).isEqualTo(atLimit));

                assertThat(Http.metric(metrics, "tracepipe_duplicate_spans_total")).isGreaterThanOrEqualTo(expectedDuplicates);
                assertThat(Http.metric(metrics, "tracepipe_truncated_traces_total")).isGreaterThanOrEqualTo(BIG_TRACE_SPANS / 10_000 - 1);
                assertThat(bigTrace).as("the big trace's parts are split into records under 1 MB").hasSizeGreaterThan(BIG_TRACE_SPANS / 10_000)
                        .allSatisfy(r -> assertThat(r.serializedValueSize()).isLessThanOrEqualTo(TraceRecordSplitter.MAX_RECORD_BYTES));
            }
        }
    }

    /** Queues a record, with what the pipeline must make of it (as the decoder decides: spans to emit, dead letters). */
    private void add(OtlpRecordDecoder decoder, byte[] value, Integer partition) {
        toSend.add(new ProducerRecord<>(input, partition, null, value));
        DecodedRecord decoded = decoder.decode(value);
        for (TraceFragment f : decoded.fragments()) {
            try {
                TracesData data = TracesData.parseFrom(f.tracesData());
                data.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(s ->
                        expectedSpans.add(Ids.toHex(s.getSpanId().toByteArray()) + "@" + Ids.toHex(s.getTraceId().toByteArray())))));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }
        expectedDeadLetters += decoded.deadLetters().size();
        decoded.deadLetters().stream().filter(dl -> dl.kind() == DeadLetter.Kind.UNDECODABLE).forEach(dl -> expectedUndecodable.add(value));
    }

    private static byte[] request(Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "hostile")))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build().toByteArray();
    }

    private static Span span(ByteString traceId, int n, Instant start, int attributeBytes) {
        long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        Span.Builder b = Span.newBuilder().setTraceId(traceId)
                .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(0x5A00_0000_0000_0000L | n).array()))
                .setName("hostile-" + n).setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + 1_000_000);
        if (attributeBytes > 0) {
            b.addAttributes(kv("payload", "p".repeat(attributeBytes)));
        }
        return b.build();
    }

    private static ByteString traceId(int n) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0x7E57_0000_0000_0000L).putLong(n).array());
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] value = original.clone();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            value[random.nextInt(value.length)] = (byte) random.nextInt(256);
        }
        return value;
    }

    /** The peak resident set of a process (VmHWM), in kB, or -1 where /proc does not tell. */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
}
