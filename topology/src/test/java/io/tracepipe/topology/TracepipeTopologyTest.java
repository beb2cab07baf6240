package io.tracepipe.topology;

import static io.tracepipe.devkit.fixtures.OtlpTraces.spans;
import static io.tracepipe.devkit.fixtures.OtlpTraces.traces;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import io.tracepipe.ingest.Ids;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.topology.assembly.TraceAssembler;
import io.tracepipe.topology.decode.DeadLetterHeaders;
import io.tracepipe.topology.decode.SourcedBundle;
import io.tracepipe.topology.serde.SourcedBundleSerde;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracepipeTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final AssemblySettings SETTINGS = new AssemblySettings(
            Duration.ofSeconds(10), Duration.ofSeconds(60), 50, Duration.ofMinutes(5), Duration.ofSeconds(1));

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestInputTopic<Bytes, SourcedBundle> repartitionIn;
    private int upstream;
    private Duration elapsed = Duration.ZERO;
    private TestOutputTopic<String, byte[]> sampled;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(AssemblySettings settings) {
        start(config(settings));
    }

    private void start(TopologySettings config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracepipe-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(new TracepipeTopology(config, null, TraceObserver.NONE).get(), props, T0);
        upstream = config.partitions();
        repartitionIn = driver.createInputTopic("tracepipe-test-" + Topics.SPANS_BY_TRACE + "-repartition", new BytesSerializer(),
                new SourcedBundleSerde().serializer(), T0, Duration.ZERO);
        input = driver.createInputTopic(Topics.DEFAULT_INPUT, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
        sampled = driver.createOutputTopic(Topics.DEFAULT_SAMPLED_TRACES, new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEFAULT_DEAD_LETTER, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The defaults (keep every trace, shipped masks) with these assembly settings and no rules, on one
     * input partition: the test driver reads one, so its decoder is the only upstream partition.
     */
    private static TopologySettings config(AssemblySettings settings) {
        return TopologySettings.defaults().withPartitions(1).withAssembly(settings).withRules(List.of());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void assemblesInterleavedSpansSplitAcrossRecordsIntoOneTraceEach() throws Exception {
        start(SETTINGS);
        int traces = 40;
        int spansPerTrace = 7;
        List<Span> all = new ArrayList<>();
        for (int t = 0; t < traces; t++) {
            for (int s = 0; s < spansPerTrace; s++) {
                all.add(span(t, s));
            }
        }
        Collections.shuffle(all, new Random(42));
        String[] services = {"frontend", "checkout", "payment"};
        for (int i = 0; i < all.size(); i += 9) {
            input.pipeInput(record(services[(i / 9) % services.length], all.subList(i, Math.min(i + 9, all.size()))));
            advance(Duration.ofMillis(100));
        }
        assertThat(sampled.isEmpty()).isTrue();

        advance(Duration.ofSeconds(11));

        List<TestRecord<String, byte[]>> out = sampled.readRecordsToList();
        assertThat(out).hasSize(traces);
        Set<String> seenSpans = new HashSet<>();
        for (TestRecord<String, byte[]> rec : out) {
            List<Span> got = spans(TracesData.parseFrom(rec.value()));
            assertThat(got).hasSize(spansPerTrace);
            assertThat(got).allSatisfy(s -> assertThat(Ids.toHex(s.getTraceId().toByteArray())).isEqualTo(rec.key()));
            got.forEach(s -> assertThat(seenSpans.add(Ids.toHex(s.getSpanId().toByteArray()))).isTrue());
            assertThat(header(rec.headers(), TraceAssembler.HEADER_SPANS)).isEqualTo(String.valueOf(spansPerTrace));
            assertThat(header(rec.headers(), TraceAssembler.HEADER_LATE)).isEqualTo("false");
            assertThat(header(rec.headers(), TraceAssembler.HEADER_COMPLETION)).isEqualTo("inactivity");
        }
        assertThat(seenSpans).hasSize(traces * spansPerTrace);
    }

    @Test
    void keepsEachSpanUnderItsOwnResource() throws Exception {
        start(SETTINGS);
        input.pipeInput(record("frontend", span(1, 0)));
        input.pipeInput(record("checkout", span(1, 1), span(1, 2)));
        input.pipeInput(record("frontend", span(1, 3)));
        advance(Duration.ofSeconds(11));

        TracesData trace = TracesData.parseFrom(sampled.readValue());
        Map<String, Integer> spansByService = new HashMap<>();
        trace.getResourceSpansList().forEach(rs -> spansByService.merge(
                rs.getResource().getAttributes(0).getValue().getStringValue(),
                rs.getScopeSpansList().stream().mapToInt(ss -> ss.getSpansCount()).sum(), Integer::sum));
        assertThat(trace.getResourceSpansCount()).isEqualTo(2);
        assertThat(spansByService).containsEntry("frontend", 2).containsEntry("checkout", 2);
    }

    @Test
    void emitsTraceAfterInactivityGap() throws Exception {
        start(SETTINGS);
        input.pipeInput(record("frontend", span(1, 0)));
        advance(Duration.ofSeconds(9));
        input.pipeInput(record("checkout", span(1, 1)));
        advance(Duration.ofSeconds(9));
        assertThat(sampled.isEmpty()).as("the gap restarts with each span").isTrue();

        advance(Duration.ofSeconds(2));

        TestRecord<String, byte[]> rec = sampled.readRecord();
        assertThat(spans(TracesData.parseFrom(rec.value()))).hasSize(2);
        assertThat(header(rec.headers(), TraceAssembler.HEADER_TRUNCATED)).isEqualTo("false");
        assertThat(sampled.isEmpty()).isTrue();
    }

    @Test
    void aLaggingPipelineSeesTheGapsTheSpansHadInKafka() throws Exception {
        start(SETTINGS);
        // The pipeline reads its input at a tenth of the rate it was written: 15 s of processing cover
        // 1.5 s of input, so the two spans of trace 1 are 15 s apart on the wall clock but 1.6 s apart
        // in Kafka. Other traces' records keep arriving in between.
        input.pipeInput(record("frontend", span(1, 0)), T0);
        for (int i = 1; i <= 15; i++) {
            advanceWallClockOnly(Duration.ofSeconds(1));
            input.pipeInput(record("checkout", span(100 + i, 0)), T0.plusMillis(100L * i));
        }
        input.pipeInput(record("payment", span(1, 1)), T0.plusMillis(1_600));
        advanceWallClockOnly(Duration.ofSeconds(11));

        Map<String, TracesData> out = new HashMap<>();
        sampled.readRecordsToList().forEach(rec -> {
            try {
                assertThat(out.put(rec.key(), TracesData.parseFrom(rec.value()))).as("one record per trace").isNull();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(spans(out.get(Ids.toHex(traceId(1).toByteArray())))).as("both spans in one trace, no late part").hasSize(2);
        assertThat(out).hasSize(16);
    }

    @Test
    void timestampsFromTheFutureDoNotCompleteTracesEarly() throws Exception {
        start(SETTINGS);
        input.pipeInput(record("frontend", span(1, 0)), T0.plus(Duration.ofDays(365 * 100)));
        advance(Duration.ofSeconds(5));
        input.pipeInput(record("checkout", span(1, 1)));
        advance(Duration.ofSeconds(9));
        assertThat(sampled.isEmpty()).as("the gap counts from the second span, on the wall clock").isTrue();

        advance(Duration.ofSeconds(2));
        assertThat(spans(TracesData.parseFrom(sampled.readValue()))).hasSize(2);
    }

    private void advanceWallClockOnly(Duration d) {
        driver.advanceWallClockTime(d);
    }

    @Test
    void wallClockAloneFlushesAQuietPartition() {
        start(SETTINGS);
        input.pipeInput(record("frontend", span(1, 0), span(2, 0)));
        // no further input at all: only the wall clock moves
        advance(Duration.ofSeconds(30));
        assertThat(sampled.readKeyValuesToMap()).containsOnlyKeys(
                Ids.toHex(traceId(1).toByteArray()), Ids.toHex(traceId(2).toByteArray()));
    }

    @Test
    void cutsTraceAtMaximumDurationAndFlagsItTruncated() throws Exception {
        start(SETTINGS);
        for (int s = 0; s < 14; s++) {
            input.pipeInput(record("frontend", span(1, s)));
            advance(Duration.ofSeconds(5));
        }
        // first span at 0 s, max duration 60 s: the trace is cut when the watermark reaches 60 s, which the
        // record of 60 s brings, with the 13 spans sent by then
        List<TestRecord<String, byte[]>> out = sampled.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(spans(TracesData.parseFrom(out.get(0).value()))).hasSize(13);
        assertThat(header(out.get(0).headers(), TraceAssembler.HEADER_COMPLETION)).isEqualTo("max_duration");
        assertThat(header(out.get(0).headers(), TraceAssembler.HEADER_TRUNCATED)).isEqualTo("true");

        advance(Duration.ofSeconds(11));
        TestRecord<String, byte[]> rest = sampled.readRecord();
        assertThat(spans(TracesData.parseFrom(rest.value()))).hasSize(1);
        assertThat(header(rest.headers(), TraceAssembler.HEADER_LATE)).isEqualTo("true");
        assertThat(header(rest.headers(), TraceAssembler.HEADER_PART)).isEqualTo("2");
    }

    @Test
    void emitsTraceAtMaximumSpansWithoutWaitingForTheGap() throws Exception {
        start(new AssemblySettings(Duration.ofSeconds(10), Duration.ofSeconds(60), 10, Duration.ofMinutes(5), Duration.ofSeconds(1)));
        input.pipeInput(record("a", span(1, 0), span(1, 1), span(1, 2), span(1, 3)));
        input.pipeInput(record("b", span(1, 4), span(1, 5), span(1, 6), span(1, 7)));
        assertThat(sampled.isEmpty()).isTrue();
        input.pipeInput(record("c", span(1, 8), span(1, 9), span(1, 10), span(1, 11)));

        TestRecord<String, byte[]> rec = sampled.readRecord();
        assertThat(spans(TracesData.parseFrom(rec.value()))).hasSize(12);
        assertThat(header(rec.headers(), TraceAssembler.HEADER_COMPLETION)).isEqualTo("max_spans");
        assertThat(header(rec.headers(), TraceAssembler.HEADER_TRUNCATED)).isEqualTo("true");
        assertThat(counter(PipelineSensors.TRUNCATED_TRACES)).isEqualTo(1.0);
    }

    @Test
    void lateSpanYieldsAFragmentFlaggedLate() throws Exception {
        start(SETTINGS);
        input.pipeInput(record("frontend", span(1, 0), span(1, 1)));
        advance(Duration.ofSeconds(11));
        assertThat(sampled.readRecordsToList()).hasSize(1);

        input.pipeInput(record("payment", span(1, 2)));
        advance(Duration.ofSeconds(11));

        TestRecord<String, byte[]> late = sampled.readRecord();
        assertThat(late.key()).isEqualTo(Ids.toHex(traceId(1).toByteArray()));
        assertThat(spans(TracesData.parseFrom(late.value()))).extracting(Span::getName).containsExactly("op-2");
        assertThat(header(late.headers(), TraceAssembler.HEADER_LATE)).isEqualTo("true");
        assertThat(sampled.isEmpty()).isTrue();
        assertThat(counter(PipelineSensors.LATE_SPANS)).isEqualTo(1.0);
    }

    @Test
    void forgetsAnEmittedTraceAfterTheLateSpanMemory() throws Exception {
        start(SETTINGS);
        input.pipeInput(record("frontend", span(1, 0)));
        advance(Duration.ofSeconds(11));
        sampled.readRecord();
        advance(Duration.ofMinutes(6));

        input.pipeInput(record("frontend", span(1, 1)));
        advance(Duration.ofSeconds(11));
        TestRecord<String, byte[]> again = sampled.readRecord();
        assertThat(header(again.headers(), TraceAssembler.HEADER_LATE)).isEqualTo("false");
        assertThat(spans(TracesData.parseFrom(again.value()))).hasSize(1);
    }

    @Test
    void keepsASpanSentTwiceOnce() throws Exception {
        start(SETTINGS);
        input.pipeInput(record("frontend", span(1, 0), span(1, 1)));
        input.pipeInput(record("frontend", span(1, 1)));
        advance(Duration.ofSeconds(11));
        assertThat(spans(TracesData.parseFrom(sampled.readValue()))).hasSize(2);
        assertThat(counter(PipelineSensors.DUPLICATE_SPANS)).as("the dropped copy is counted").isEqualTo(1.0);
        assertThat(counter(PipelineSensors.SPANS_IN)).isEqualTo(3.0);
        assertThat(counter(PipelineSensors.SPANS_ASSEMBLED)).isEqualTo(2.0);
    }

    @Test
    void sendsUndecodableRecordsToTheDeadLetterTopicWithReasonAndSource() {
        start(SETTINGS);
        byte[] garbage = "definitely not protobuf \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        byte[] valid = record("frontend", span(1, 0), span(1, 1));
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 5);
        input.pipeInput("k1".getBytes(StandardCharsets.UTF_8), garbage);
        input.pipeInput("k2".getBytes(StandardCharsets.UTF_8), truncated);

        List<TestRecord<byte[], byte[]>> dlq = deadLetters.readRecordsToList();
        assertThat(dlq).hasSize(2);
        assertThat(dlq.get(0).value()).isEqualTo(garbage);
        assertThat(new String(dlq.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(dlq.get(1).value()).isEqualTo(truncated);
        for (TestRecord<byte[], byte[]> rec : dlq) {
            assertThat(header(rec.headers(), DeadLetterHeaders.ERROR)).isNotBlank();
            assertThat(header(rec.headers(), DeadLetterHeaders.ERROR_KIND)).isEqualTo("undecodable");
            assertThat(header(rec.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.DEFAULT_INPUT);
            assertThat(header(rec.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        }
        assertThat(header(dlq.get(1).headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(counter(PipelineSensors.DEAD_LETTER_RECORDS)).isEqualTo(2.0);
        advance(Duration.ofSeconds(11));
        assertThat(sampled.isEmpty()).isTrue();
    }

    @Test
    void parksSpansWithBadIdsWhileTheirNeighboursGoThrough() throws Exception {
        start(SETTINGS);
        Span zeroTraceId = span(2, 0).toBuilder().setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[16])).build();
        Span shortSpanId = span(3, 0).toBuilder().setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3})).build();
        input.pipeInput(record("frontend", span(1, 0), zeroTraceId, span(1, 1), shortSpanId));

        TestRecord<byte[], byte[]> parked = deadLetters.readRecord();
        assertThat(header(parked.headers(), DeadLetterHeaders.ERROR_KIND)).isEqualTo("invalid_spans");
        assertThat(header(parked.headers(), DeadLetterHeaders.ERROR)).contains("all zeros").contains("span id has 3 bytes");
        assertThat(spans(TracesData.parseFrom(parked.value()))).containsExactly(zeroTraceId, shortSpanId);

        advance(Duration.ofSeconds(11));
        assertThat(spans(TracesData.parseFrom(sampled.readValue()))).containsExactly(span(1, 0), span(1, 1));
        assertThat(counter(PipelineSensors.INVALID_SPANS)).isEqualTo(2.0);
    }

    @Test
    void namesEveryStoreAndTheRepartitionTopic() {
        String description = new TracepipeTopology(config(SETTINGS), null, TraceObserver.NONE).get().describe().toString();
        assertThat(description).contains(TraceAssembler.FRAGMENT_STORE, TraceAssembler.META_STORE,
                Topics.SPANS_BY_TRACE + "-repartition", "decode", "assemble-traces");
    }

    /** The total of a pipeline counter over all tasks. */
    private double counter(String name) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(PipelineSensors.GROUP) && e.getKey().name().equals(name + "-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void fragmentsOnTheirTracesPartitionSkipTheRepartitionTopicAndEverySpanComesOutOnce() throws Exception {
        start(config(SETTINGS).withPartitions(TopologySettings.defaults().partitions()));
        // The test driver reads every input record from partition 0: traces whose partition is 0 are local there.
        List<Integer> local = new ArrayList<>();
        List<Integer> remote = new ArrayList<>();
        for (int t = 0; local.size() < 10 || remote.size() < 10; t++) {
            (io.tracepipe.topology.decode.TracePartitions.of(traceId(t).toByteArray(), TopologySettings.defaults().partitions()) == 0
                    ? local : remote).add(t);
        }
        List<Integer> all = new ArrayList<>(local.subList(0, 10));
        all.addAll(remote.subList(0, 10));
        // trace-keyed records (one trace each) and unkeyed ones mixing local and remote traces, for the same traces
        for (int t : all) {
            input.pipeInput(record("frontend", span(t, 0), span(t, 1)));
        }
        for (int i = 0; i < all.size(); i += 4) {
            List<Span> mixed = new ArrayList<>();
            for (int t : all.subList(i, i + 4)) {
                mixed.add(span(t, 2));
            }
            input.pipeInput(record("checkout", mixed));
        }
        advance(Duration.ofSeconds(11));

        Map<String, Integer> spansPerTrace = new HashMap<>();
        Set<String> seenSpans = new HashSet<>();
        for (TestRecord<String, byte[]> rec : sampled.readRecordsToList()) {
            assertThat(spansPerTrace.put(rec.key(), spans(TracesData.parseFrom(rec.value())).size())).as("one trace per id").isNull();
            spans(TracesData.parseFrom(rec.value())).forEach(s -> assertThat(seenSpans.add(Ids.toHex(s.getSpanId().toByteArray()))).isTrue());
        }
        assertThat(spansPerTrace).hasSize(20).allSatisfy((id, n) -> assertThat(n).isEqualTo(3));
        // only the remote traces' fragments travelled: one per trace from the trace-keyed records, one per trace from the mixed ones
        TestOutputTopic<byte[], byte[]> repartition = driver.createOutputTopic("tracepipe-test-" + Topics.SPANS_BY_TRACE + "-repartition",
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        int travelledFragments = 0;
        for (byte[] bundle : repartition.readValuesToList()) {
            travelledFragments += new SourcedBundleSerde().deserializer().deserialize("t", bundle).fragments().size();
        }
        assertThat(travelledFragments).isEqualTo(10 + 10);
    }

    private static String header(Headers headers, String name) {
        return HeaderValues.text(headers, name);
    }

    /**
     * Moves the wall clock and the input's record time together, as for a pipeline that keeps up with
     * its input. The test driver decodes input partition 0 only; the decoders of the other partitions
     * (none unless a test has more) report that theirs are quiet, as their progress marks would.
     */
    private void advance(Duration d) {
        input.advanceTime(d);
        driver.advanceWallClockTime(d);
        elapsed = elapsed.plus(d);
        for (int q = 1; q < upstream; q++) {
            long now = T0.toEpochMilli() + elapsed.toMillis();
            repartitionIn.pipeInput(Bytes.wrap(new byte[4]), SourcedBundle.mark(q, now), now);
        }
    }

    private static ByteString traceId(int n) {
        return OtlpTraces.traceId(0x7ace_0000_0000_0000L, n);
    }

    /** Span {@code span} of trace {@code trace}: its ids unique to the pair, 1 µs long, trace {@code n} in second {@code n}. */
    private static Span span(int trace, int span) {
        return OtlpTraces.span(traceId(trace), OtlpTraces.spanId(trace + 1, span + 1))
                .name("op-" + span)
                .start(Instant.ofEpochSecond(trace, span))
                .duration(Duration.ofNanos(1_000))
                .build();
    }

    /** A collector record of one service's spans. */
    private static byte[] record(String service, List<Span> spans) {
        return traces().resource(service).scope("scope-" + service).add(spans.toArray(Span[]::new)).bytes();
    }

    private static byte[] record(String service, Span... spans) {
        return record(service, List.of(spans));
    }
}
