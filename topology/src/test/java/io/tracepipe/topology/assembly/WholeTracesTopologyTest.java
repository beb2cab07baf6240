package io.tracepipe.topology.assembly;

import static io.tracepipe.devkit.fixtures.OtlpTraces.spans;
import static io.tracepipe.devkit.fixtures.OtlpTraces.traces;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import io.tracepipe.ingest.FragmentBundle;
import io.tracepipe.ingest.Ids;
import io.tracepipe.ingest.TraceFragment;
import io.tracepipe.sampling.SamplingPoliciesParser;
import io.tracepipe.topology.HeaderValues;
import io.tracepipe.topology.PipelineSensors;
import io.tracepipe.topology.Topics;
import io.tracepipe.topology.TopologySettings;
import io.tracepipe.topology.TraceObserver;
import io.tracepipe.topology.TracepipeTopology;
import io.tracepipe.topology.decode.SourcedBundle;
import io.tracepipe.topology.sampling.SamplingProcessor;
import io.tracepipe.topology.sampling.SamplingSettings;
import io.tracepipe.topology.serde.SourcedBundleSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole traces when input partitions do not keep pace with each other, when one goes quiet, and
 * when a trace was cut into parts. The test driver decodes input partition 0 itself (records piped
 * into the input topic); input partition 1 is decoded elsewhere, so what its decoder sends is piped
 * into the repartition topic as that decoder writes it: bundles and progress marks, each with the
 * partition's position.
 */
class WholeTracesTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final AssemblySettings SETTINGS = new AssemblySettings(
            Duration.ofSeconds(10), Duration.ofSeconds(60), 1_000, Duration.ofMinutes(5), Duration.ofSeconds(1));

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> partition0;
    private TestInputTopic<Bytes, SourcedBundle> fromPartition1;
    private TestOutputTopic<String, byte[]> sampled;
    private Instant wall = T0;

    private void start(TopologySettings config) {
        start(config, T0);
    }

    /** Starts the driver with its wall clock at {@code wallStart}: records of T0 and later are {@code wallStart - T0} old. */
    private void start(TopologySettings config, Instant wallStart) {
        wall = wallStart;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracepipe-whole");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(new TracepipeTopology(config, null, TraceObserver.NONE).get(), props, wallStart);
        partition0 = driver.createInputTopic(Topics.DEFAULT_INPUT, new ByteArraySerializer(), new ByteArraySerializer());
        fromPartition1 = driver.createInputTopic("tracepipe-whole-" + Topics.SPANS_BY_TRACE + "-repartition", new BytesSerializer(),
                new SourcedBundleSerde().serializer());
        sampled = driver.createOutputTopic(Topics.DEFAULT_SAMPLED_TRACES, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static TopologySettings twoPartitions() {
        return TopologySettings.defaults().withPartitions(2).withAssembly(SETTINGS).withRules(List.of());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aTraceOnTwoPartitionsCatchingUpAtVeryDifferentSpeedsIsEmittedWhole() throws Exception {
        // A backlog an hour old: partition 0 is decoded fast (90 s of records in under 2 s), partition 1 slowly.
        start(twoPartitions(), T0.plus(Duration.ofHours(1)));
        fromPartition1.pipeInput(key(), bundle(T0.plusSeconds(1), span(1, 0)), T0.plusSeconds(1));
        partition0.pipeInput(record(span(1, 1)), T0);
        for (int s = 1; s <= 90; s++) {
            partition0.pipeInput(record(span(100 + s, 0)), T0.plusSeconds(s));
            tick(Duration.ofMillis(20));
        }
        assertThat(emittedIds()).as("partition 1 has only got to 1 s: nothing is complete yet").isEmpty();

        // Partition 1 catches up: trace 1's third span is there, 3 s after its first.
        fromPartition1.pipeInput(key(), bundle(T0.plusSeconds(3), span(1, 2)), T0.plusSeconds(3));
        for (int s = 4; s <= 90; s++) {
            fromPartition1.pipeInput(key(), SourcedBundle.mark(1, T0.plusSeconds(s).toEpochMilli()), T0.plusSeconds(s));
        }
        List<TestRecord<String, byte[]>> out = sampled.readRecordsToList();

        Map<String, TestRecord<String, byte[]>> byId = new HashMap<>();
        out.forEach(r -> assertThat(byId.put(r.key(), r)).as("one record per trace").isNull());
        TestRecord<String, byte[]> trace1 = byId.get(hex(1));
        assertThat(trace1).as("trace 1 is complete once both partitions are past its gap").isNotNull();
        assertThat(spans(TracesData.parseFrom(trace1.value()))).hasSize(3);
        assertThat(HeaderValues.text(trace1.headers(), TraceAssembler.HEADER_PART)).isEqualTo("1");
        assertThat(out).allSatisfy(r -> assertThat(HeaderValues.text(r.headers(), TraceAssembler.HEADER_LATE)).isEqualTo("false"));
        assertThat(counter(PipelineSensors.LAG_BOUND_COMPLETIONS)).isZero();
    }

    @Test
    void aQuietPartitionHoldsTracesOnTheOthersBackAtMostTheIdleTimeout() throws Exception {
        start(twoPartitions());
        partition0.pipeInput(record(span(1, 0)), T0);
        // From now on partition 0 is quiet, while partition 1 keeps up with the wall clock.
        tick(Duration.ofSeconds(20));
        fromPartition1.pipeInput(key(), bundle(wall, span(2, 0)), wall);
        Instant lastSpan = wall;
        Instant emitted = null;
        while (emitted == null && wall.isBefore(lastSpan.plusSeconds(60))) {
            tick(Duration.ofSeconds(1));
            fromPartition1.pipeInput(key(), SourcedBundle.mark(1, wall.toEpochMilli()), wall);
            if (emittedIds().contains(hex(2))) {
                emitted = wall;
            }
        }
        assertThat(emitted).as("trace 2 is emitted").isNotNull();
        Duration after = Duration.between(lastSpan, emitted);
        assertThat(after).as("not before its gap").isGreaterThanOrEqualTo(SETTINGS.inactivityGap());
        assertThat(after).as("within the gap plus the idle timeout").isLessThanOrEqualTo(
                SETTINGS.inactivityGap().plus(SETTINGS.idlePartitionTimeout()).plus(SETTINGS.punctuateInterval()));
    }

    @Test
    void aTraceCutIntoPartsWhoseFirstPartMatchedNoPolicyAndWhoseLatePartIsSlowIsKeptWhole() throws Exception {
        start(TopologySettings.defaults().withPartitions(1).withAssembly(SETTINGS).withRules(List.of())
                .withSampling(new SamplingSettings(SamplingPoliciesParser.readDocument("""
                        policies:
                          - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
                          - { name: slow, type: latency, latency: { threshold: 1s } }
                        """))));
        Span quick = span(1, 0);
        partition0.pipeInput(record(quick), T0);
        tick(Duration.ofSeconds(11));
        assertThat(sampled.isEmpty()).as("the first part is neither slow nor failed: dropped").isTrue();

        // The rest of the trace comes 20 s later (as after a crash, or from a partition far behind): a span of 2 s.
        Span slow = OtlpTraces.span(traceId(1), OtlpTraces.spanId(2, 9)).name("slow work")
                .start(Instant.ofEpochSecond(1)).duration(Duration.ofSeconds(2)).build();
        partition0.pipeInput(record(slow), T0.plusSeconds(20));
        tick(Duration.ofSeconds(11));

        List<TestRecord<String, byte[]>> out = sampled.readRecordsToList();
        assertThat(out).as("the whole trace, once").singleElement().satisfies(r -> {
            assertThat(spans(TracesData.parseFrom(r.value()))).containsExactlyInAnyOrder(quick, slow);
            assertThat(HeaderValues.text(r.headers(), SamplingProcessor.HEADER_POLICY)).isEqualTo("slow");
            assertThat(HeaderValues.text(r.headers(), SamplingProcessor.HEADER_REDECIDED)).isEqualTo("true");
            assertThat(HeaderValues.text(r.headers(), TraceAssembler.HEADER_PART)).isEqualTo("2");
        });
        assertThat(counter(PipelineSensors.REDECIDED_TRACES, Map.of("policy", "slow", "outcome", "kept"))).isEqualTo(1.0);
        assertThat(counter(PipelineSensors.LATE_PARTS, Map.of("cause", "late-span"))).isEqualTo(1.0);

        // A kept trace's late parts stay kept, alone: every span once.
        Span later = OtlpTraces.span(traceId(1), OtlpTraces.spanId(3, 1)).name("later").start(Instant.ofEpochSecond(1))
                .duration(Duration.ofNanos(1_000)).build();
        partition0.pipeInput(record(later), T0.plusSeconds(40));
        tick(Duration.ofSeconds(11));
        assertThat(sampled.readRecordsToList()).singleElement()
                .satisfies(r -> assertThat(spans(TracesData.parseFrom(r.value()))).containsExactly(later));
    }

    private void tick(Duration d) {
        wall = wall.plus(d);
        driver.advanceWallClockTime(d);
    }

    private List<String> emittedIds() {
        List<String> ids = new ArrayList<>();
        sampled.readRecordsToList().forEach(r -> ids.add(r.key()));
        return ids;
    }

    private double counter(String name) {
        return counter(name, Map.of());
    }

    private double counter(String name, Map<String, String> tags) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(PipelineSensors.GROUP) && e.getKey().name().equals(name + "-total")
                        && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static Bytes key() {
        return Bytes.wrap(new byte[4]);
    }

    /** A bundle as the decoder of partition 1 sends it when its position is {@code at}. */
    private static SourcedBundle bundle(Instant at, Span span) {
        byte[] data = traces().resource("inventory").scope("http").add(span).bytes();
        return new SourcedBundle(1, at.toEpochMilli(),
                new FragmentBundle(List.of(new TraceFragment(span.getTraceId().toByteArray(), 1, data))));
    }

    private static byte[] record(Span... spans) {
        return traces().resource("frontend").scope("http").add(spans).bytes();
    }

    private static ByteString traceId(int n) {
        return OtlpTraces.traceId(0x0b0e_0000_0000_0000L, n);
    }

    private static String hex(int trace) {
        return Ids.toHex(traceId(trace).toByteArray());
    }

    private static Span span(int trace, int span) {
        return OtlpTraces.span(traceId(trace), OtlpTraces.spanId(trace + 1, span + 1)).name("op-" + span)
                .start(Instant.ofEpochSecond(1)).duration(Duration.ofNanos(1_000)).build();
    }
}
