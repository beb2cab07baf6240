package io.tracepipe.topology.health;

import static io.tracepipe.devkit.fixtures.OtlpTraces.spanId;
import static io.tracepipe.devkit.fixtures.OtlpTraces.traces;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.tracepipe.anomaly.health.AttributeCardinality;
import io.tracepipe.anomaly.health.HealthReport;
import io.tracepipe.anomaly.health.HealthSettings;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import io.tracepipe.ingest.Ids;
import io.tracepipe.topology.TopologySettings;
import io.tracepipe.topology.Topics;
import io.tracepipe.topology.TraceObserver;
import io.tracepipe.topology.TracepipeTopology;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.topology.decode.InputLag;
import io.tracepipe.topology.query.TraceIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every assembled trace is checked, in the stream, and what the checks found is in the instance's report. */
class InstrumentationHealthTopologyTest {
    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
    private static final AssemblySettings ASSEMBLY = new AssemblySettings(
            Duration.ofSeconds(10), Duration.ofSeconds(60), 1000, Duration.ofMinutes(5), Duration.ofSeconds(1));

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private InstrumentationHealth health;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void everyAssembledTraceIsCheckedAndItsFindingsReported() {
        start(HealthSettings.DEFAULTS.withCardinalityThreshold(100));
        // trace 1: checkout calls payment, whose clock runs 300 ms ahead; inventory's parent never arrives (frontend lost it)
        input.pipeInput(traces().resource("frontend")
                .add(span(1, 1, 0, "GET /checkout", Span.SpanKind.SPAN_KIND_SERVER, 0, 500))
                .add(span(1, 2, 1, "GET /stock", Span.SpanKind.SPAN_KIND_CLIENT, 10, 100).attribute("peer.service", "inventory"))
                .bytes());
        input.pipeInput(traces().resource("inventory")
                .add(span(1, 3, 99, "GET /stock", Span.SpanKind.SPAN_KIND_SERVER, 12, 98)).bytes());
        input.pipeInput(traces().resource("checkout")
                .add(span(1, 4, 1, "POST /charge", Span.SpanKind.SPAN_KIND_CLIENT, 110, 150).attribute("peer.service", "payment").error())
                .add(span(1, 5, 1, "POST /charge", Span.SpanKind.SPAN_KIND_CLIENT, 160, 200).attribute("peer.service", "payment")
                        .attribute("http.request.resend_count", 1L))
                .bytes());
        input.pipeInput(traces().resource("payment")
                .add(span(1, 6, 5, "POST /charge", Span.SpanKind.SPAN_KIND_SERVER, 461, 499)).bytes());
        // 200 more traces whose gateway span carries a request id
        for (int t = 2; t < 202; t++) {
            input.pipeInput(traces().resource("gateway")
                    .add(span(t, 1, 0, "GET /", Span.SpanKind.SPAN_KIND_SERVER, 0, 5).attribute("request.id", "req-" + t)).bytes());
        }
        driver.advanceWallClockTime(Duration.ofSeconds(12));

        HealthReport report = health.report();

        assertThat(report.traces()).isEqualTo(201);
        assertThat(report.orphans()).singleElement().satisfies(row -> {
            assertThat(row.service()).isEqualTo("inventory");
            assertThat(row.caller()).isEqualTo("frontend");
            assertThat(row.exampleTraceId()).isEqualTo(Ids.toHex(OtlpTraces.traceId(1).toByteArray()));
        });
        assertThat(report.skew()).singleElement().satisfies(row -> {
            assertThat(row.parentService()).isEqualTo("checkout");
            assertThat(row.childService()).isEqualTo("payment");
            assertThat(row.meanOffsetNanos()).isEqualTo(Duration.ofMillis(300).toNanos());
        });
        assertThat(report.retries()).singleElement().satisfies(row -> {
            assertThat(row.client()).isEqualTo("checkout");
            assertThat(row.server()).isEqualTo("payment");
            assertThat(row.retries()).isEqualTo(1);
            assertThat(row.declared()).isEqualTo(1);
        });
        assertThat(report.cardinality()).extracting(AttributeCardinality.Row::service, AttributeCardinality.Row::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gateway", "request.id"));
        // past the exact phase: within two standard errors (3.3 %)
        assertThat(report.cardinality().get(0).distinct()).isBetween(194L, 206L);
    }

    @Test
    void switchedOffNothingIsChecked() {
        start(HealthSettings.DISABLED);
        input.pipeInput(traces().resource("inventory").add(span(1, 3, 99, "GET /stock", Span.SpanKind.SPAN_KIND_SERVER, 12, 98)).bytes());
        driver.advanceWallClockTime(Duration.ofSeconds(12));

        assertThat(health.report().traces()).isZero();
        assertThat(health.report().isClean()).isTrue();
    }

    private void start(HealthSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracepipe-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        TopologySettings topology = TopologySettings.defaults().withPartitions(1).withAssembly(ASSEMBLY).withRules(List.of()).withHealth(settings);
        health = new InstrumentationHealth(settings);
        driver = new TopologyTestDriver(new TracepipeTopology(topology, null, TraceObserver.NONE, new TraceIndex(), InputLag.QUIET_TIME_ONLY, health).get(), props, T0);
        input = driver.createInputTopic(Topics.DEFAULT_INPUT, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
    }

    /** Span {@code id} of trace {@code trace} under {@code parent} (0: a root), from {@code startMs} to {@code endMs} after T0. */
    private static OtlpTraces.SpanBuilder span(int trace, int id, int parent, String name, Span.SpanKind kind, long startMs, long endMs) {
        OtlpTraces.SpanBuilder span = OtlpTraces.span(OtlpTraces.traceId(trace), spanId(id)).name(name).kind(kind)
                .start(T0.plusMillis(startMs)).end(T0.plusMillis(endMs));
        return parent == 0 ? span : span.parent(spanId(parent));
    }
}
