package io.tracepipe.topology.query;

import static io.tracepipe.devkit.fixtures.OtlpTraces.spanId;
import static io.tracepipe.devkit.fixtures.OtlpTraces.traces;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import io.tracepipe.ingest.Ids;
import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.ingest.evidence.TraceSearch;
import io.tracepipe.topology.TopologySettings;
import io.tracepipe.topology.Topics;
import io.tracepipe.topology.TraceObserver;
import io.tracepipe.topology.TracepipeTopology;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.topology.assembly.StoredTrace;
import io.tracepipe.topology.assembly.StoredTraceReader;
import io.tracepipe.topology.assembly.TraceAssembler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the query side reads from the stores: a trace by id while in flight and once emitted, and the recent-trace index. */
class TraceQueriesTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final AssemblySettings SETTINGS = new AssemblySettings(
            Duration.ofSeconds(10), Duration.ofSeconds(60), 1000, Duration.ofMinutes(5), Duration.ofSeconds(1));

    @TempDir
    Path stateDir;

    private final TraceIndex index = new TraceIndex();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<String, byte[]> sampled;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracepipe-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        TopologySettings settings = TopologySettings.defaults().withPartitions(1).withAssembly(SETTINGS).withRules(List.of());
        driver = new TopologyTestDriver(new TracepipeTopology(settings, null, TraceObserver.NONE, index).get(), props, T0);
        input = driver.createInputTopic(Topics.DEFAULT_INPUT, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
        sampled = driver.createOutputTopic(Topics.DEFAULT_SAMPLED_TRACES, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void inFlightTraceIsReadPartialThenWholeOnceEmittedEqualToTheOutput() throws Exception {
        input.pipeInput(record("frontend", span(1, 1, 0), span(1, 2, 1)));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        input.pipeInput(record("checkout", span(1, 3, 2)));

        StoredTrace inFlight = reader().read(traceId(1)).orElseThrow();
        assertThat(inFlight.partial()).isTrue();
        assertThat(inFlight.spanCount()).isEqualTo(3);

        driver.advanceWallClockTime(Duration.ofSeconds(11));
        TracesData emitted = TracesData.parseFrom(sampled.readValue());
        StoredTrace done = reader().read(traceId(1)).orElseThrow();

        assertThat(done.partial()).isFalse();
        assertThat(spanIds(done.data())).isEqualTo(spanIds(emitted)).hasSize(3);
    }

    @Test
    void lateSpansAreReadTogetherWithTheEmittedPart() {
        input.pipeInput(record("frontend", span(2, 1, 0)));
        driver.advanceWallClockTime(Duration.ofSeconds(11));
        input.pipeInput(record("payment", span(2, 2, 1)));

        StoredTrace trace = reader().read(traceId(2)).orElseThrow();

        assertThat(trace.spanCount()).isEqualTo(2);
        assertThat(trace.partial()).as("the late part is still open").isTrue();
    }

    @Test
    void unknownIdIsEmpty() {
        input.pipeInput(record("frontend", span(3, 1, 0)));

        assertThat(reader().read(traceId(4))).isEmpty();
    }

    @Test
    void emittedTracesAreSearchableByTheirTasksIndex() {
        input.pipeInput(record("frontend", span(5, 1, 0)));
        input.pipeInput(record("payment", span(6, 1, 0)));
        driver.advanceWallClockTime(Duration.ofSeconds(11));

        TraceIndex.Result result = index.search(TraceSearch.parse(Map.of("tags", "service.name=payment")));

        assertThat(result.traces()).extracting(TraceSummary::traceId).containsExactly(Ids.toHex(traceId(6)));
        assertThat(result.inspected()).isEqualTo(2);
    }

    private StoredTraceReader reader() {
        return new StoredTraceReader(driver.getWindowStore(TraceAssembler.FRAGMENT_STORE), driver.getKeyValueStore(TraceAssembler.META_STORE));
    }

    private static List<String> spanIds(TracesData data) {
        return OtlpTraces.spans(data).stream().map(span -> Ids.toHex(span.getSpanId().toByteArray())).sorted().toList();
    }

    private static byte[] traceId(int n) {
        return OtlpTraces.traceId(n).toByteArray();
    }

    /** Span {@code id} of trace {@code trace}, under span {@code parent} (0: a root). */
    private static Span span(int trace, int id, int parent) {
        OtlpTraces.SpanBuilder span = OtlpTraces.span(OtlpTraces.traceId(trace), spanId(id)).name("op-" + id)
                .kind(Span.SpanKind.SPAN_KIND_SERVER).start(T0).duration(Duration.ofMillis(100));
        return (parent == 0 ? span : span.parent(spanId(parent))).build();
    }

    /** A collector's record: these spans under {@code service}. */
    private static byte[] record(String service, Span... spans) {
        return traces().resource(service).add(spans).bytes();
    }
}
