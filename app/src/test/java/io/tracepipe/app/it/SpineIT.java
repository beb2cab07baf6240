package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.Ids;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.Workload;
import io.tracepipe.topology.HeaderValues;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.topology.assembly.TraceAssembler;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.topology.decode.DeadLetterHeaders;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.app.kafka.PipelineRunner;
import io.tracepipe.devkit.kafka.SpanPublisher;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine end to end on a real broker: generated collector records spread over several
 * partitions (one trace's spans in different records and partitions) plus garbage; a
 * read_committed consumer must find every span exactly once, inside its own trace, and the
 * garbage in the dead-letter topic.
 */
class SpineIT {
    private static final int PARTITIONS = 4;
    private static final int TRACES = 1_200;

    private static EmbeddedKafkaBroker broker;

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyGeneratedSpanComesOutOnceInsideItsOwnTraceAndGarbageIsParked() throws Exception {
        TracepipeConfig config = TracepipeConfig.defaults()
                .withKafka(TracepipeConfig.defaults().kafka().withBootstrapServers(broker.bootstrapServers()).withStateDir(stateDir.toString()))
                .withPartitions(PARTITIONS)
                .withHttpPort(0)
                .withAssembly(new AssemblySettings(Duration.ofSeconds(3), Duration.ofMinutes(1), 10_000, Duration.ofMinutes(5),
                        Duration.ofMillis(250)));
        TopicCreator.createMissing(StreamsProperties.client(config), config.topics());

        List<OtlpRecord> records = Workload.generate(GeneratorSettings.defaults(7), TRACES, Instant.parse("2026-11-24T12:00:00Z"));
        Map<String, String> expected = spansToTraces(records);
        assertThat(tracesSpreadOverPartitions(records)).as("the workload must split traces across partitions").isGreaterThan(TRACES / 2);

        List<byte[]> garbage = List.of(
                "not otlp at all".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(records.get(0).value(), records.get(0).value().length / 2),
                new byte[0],
                new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});

        try (PipelineRunner pipeline = PipelineRunner.start(config);
                SpanPublisher publisher = new SpanPublisher(StreamsProperties.client(config), config.topics().names().input())) {
            assertThat(pipeline.awaitRunning(Duration.ofSeconds(60))).as("pipeline reaches RUNNING").isTrue();
            records.forEach(publisher::publish);
            garbage.forEach(publisher::send);
            publisher.flush();

            List<ConsumerRecord<byte[], byte[]>> traces = TopicReader.readUntil(broker.bootstrapServers(),
                    config.topics().names().sampledTraces(), Duration.ofSeconds(120), got -> spanCount(got) >= expected.size());
            Map<String, Integer> seen = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> rec : traces) {
                String key = new String(rec.key(), StandardCharsets.UTF_8);
                for (Span span : spans(rec.value())) {
                    String spanKey = Ids.toHex(span.getSpanId().toByteArray()) + "@" + Ids.toHex(span.getTraceId().toByteArray());
                    assertThat(expected.get(spanKey)).as("span %s is a generated span in its own trace", spanKey).isEqualTo(key);
                    seen.merge(spanKey, 1, Integer::sum);
                }
            }
            assertThat(seen.keySet()).as("every generated span").containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertThat(seen.values()).as("each exactly once").allMatch(n -> n == 1);

            List<ConsumerRecord<byte[], byte[]>> parked = TopicReader.readUntil(broker.bootstrapServers(),
                    config.topics().names().deadLetter(), Duration.ofSeconds(30), got -> got.size() >= garbage.size());
            assertThat(parked).hasSize(garbage.size());
            assertThat(parked).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(garbage);
            assertThat(parked).allSatisfy(rec -> {
                assertThat(HeaderValues.text(rec.headers(), DeadLetterHeaders.ERROR)).isNotBlank();
                assertThat(HeaderValues.text(rec.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(config.topics().names().input());
                assertThat(HeaderValues.text(rec.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isNotBlank();
            });
        }
    }

    /** Every span of the workload, as "spanId@traceId" → trace id, read back from the record bytes. */
    private static Map<String, String> spansToTraces(List<OtlpRecord> records) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (OtlpRecord r : records) {
            ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(r.value());
            req.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(s -> {
                String trace = Ids.toHex(s.getTraceId().toByteArray());
                out.put(Ids.toHex(s.getSpanId().toByteArray()) + "@" + trace, trace);
            })));
        }
        return out;
    }

    /** How many traces have spans in records that the publisher sends to different partitions. */
    private static long tracesSpreadOverPartitions(List<OtlpRecord> records) {
        Map<String, Set<Integer>> partitionsByTrace = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            int partition = i % PARTITIONS;
            records.get(i).traceIdsHex().forEach(t -> partitionsByTrace.computeIfAbsent(t, k -> new HashSet<>()).add(partition));
        }
        return partitionsByTrace.values().stream().filter(p -> p.size() > 1).count();
    }

    private static List<Span> spans(byte[] tracesData) {
        try {
            TracesData data = TracesData.parseFrom(tracesData);
            return data.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                    .flatMap(ss -> ss.getSpansList().stream()).toList();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("sampled topic holds a record that is not TracesData", e);
        }
    }

    private static int spanCount(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().mapToInt(r -> Integer.parseInt(HeaderValues.text(r.headers(), TraceAssembler.HEADER_SPANS))).sum();
    }
}
