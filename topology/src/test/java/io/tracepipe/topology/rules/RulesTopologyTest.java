package io.tracepipe.topology.rules;

import io.tracepipe.topology.sampling.SamplingSettings;
import io.tracepipe.topology.TopologySettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertJson;
import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.alerting.sink.AlertSink;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.rules.RulesParser;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import io.tracepipe.topology.PipelineSensors;
import io.tracepipe.topology.Topics;
import io.tracepipe.topology.TraceObserver;
import io.tracepipe.topology.TracepipeTopology;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.sampling.SamplingPoliciesParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
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

/** Rules on assembled traces, driven by event time (span ends) and the wall clock (window closing). */
class RulesTopologyTest {
    // window boundaries are aligned to the epoch: start exactly on one
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final Duration GAP = Duration.ofSeconds(2);
    private static final AssemblySettings ASSEMBLY = new AssemblySettings(GAP, Duration.ofMinutes(1), 1000, Duration.ofMinutes(5),
            Duration.ofMillis(500));
    private static final AlertingSettings ALERTING = new AlertingSettings(
            Duration.ofSeconds(5), Duration.ofMillis(500), null);

    private static final String RULES = """
            rules:
              - name: reserve-errors
                severity: critical
                match: { service: inventory, operation: POST /reserve }
                error_rate: { above: 0.2 }
                window: 10s
                min_count: 5
                for: 1
                resolve_after: 1
              - name: checkout-slow
                severity: warning
                match: { service: frontend, kind: server }
                latency: { percentile: p99, above: 500ms }
                window: 10s
                min_count: 5
                for: 2
                resolve_after: 1
            """;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<String, String> alerts;
    private TestOutputTopic<String, byte[]> sampled;
    private final List<Alert> sunk = new ArrayList<>();
    private int traceNo;

    private void start() {
        start(SamplingSettings.KEEP_ALL);
    }

    private void start(SamplingSettings sampling) {
        List<Rule> rules = RulesParser.parseDocument(RULES);
        AlertSink sink = new AlertSink() {
            @Override
            public void publish(Alert alert) {
                sunk.add(alert);
            }

            @Override
            public void close() {}
        };
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracepipe-rules-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                new TracepipeTopology(TopologySettings.defaults().withPartitions(1).withAssembly(ASSEMBLY).withRules(rules).withAlerting(ALERTING)
                        .withSampling(sampling), sink, TraceObserver.NONE).get(), props, T0);
        input = driver.createInputTopic(Topics.DEFAULT_INPUT, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
        alerts = driver.createOutputTopic(Topics.DEFAULT_ALERTS, new StringDeserializer(), new StringDeserializer());
        sampled = driver.createOutputTopic(Topics.DEFAULT_SAMPLED_TRACES, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Sends {@code count} checkout traces starting 10 ms apart from {@code at} (event time). */
    private void checkouts(Instant at, int count, Duration reserve, int failing) {
        for (int i = 0; i < count; i++) {
            input.pipeInput(checkout(traceNo++, at.plusMillis(i * 10L), reserve, i < failing));
        }
    }

    /** Moves the driver's wall clock forward to {@code t}, in punctuation-sized steps like a real clock. */
    private void wallClockTo(Instant t) {
        while (now.isBefore(t)) {
            Duration step = Duration.ofMillis(Math.min(500, Duration.between(now, t).toMillis()));
            advance(step);
            now = now.plus(step);
        }
    }

    private Instant now = T0;

    @Test
    void errorBurstFiresAnAlertNamingTheCulpritThenResolves() {
        start();
        checkouts(T0.plusSeconds(1), 20, Duration.ofMillis(30), 10);
        // window [0s, 10s) closes at 10s + 5s grace
        wallClockTo(T0.plusSeconds(14));
        assertThat(alerts.isEmpty()).as("window not closed before its grace").isTrue();
        wallClockTo(T0.plusSeconds(16));

        List<TestRecord<String, String>> fired = alerts.readRecordsToList();
        assertThat(fired).hasSize(1);
        Alert alert = AlertJson.fromJson(fired.get(0).value());
        assertThat(fired.get(0).key()).isEqualTo(alert.fingerprint());
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.rule()).isEqualTo("reserve-errors");
        assertThat(alert.labels()).containsEntry("service", "inventory").containsEntry("operation", "POST /reserve");
        assertThat(alert.observed().value()).isEqualTo(0.5);
        assertThat(alert.observed().count()).isEqualTo(20);
        assertThat(alert.culprit()).isNotNull();
        assertThat(alert.culprit().service()).isEqualTo("inventory");
        assertThat(alert.culprit().operation()).isEqualTo("POST /reserve");
        assertThat(alert.exemplars()).isNotEmpty().allMatch(id -> id.matches("[0-9a-f]{32}"));
        assertThat(alert.window().start()).isEqualTo(T0);
        assertThat(sunk).as("the sink gets what the topic gets").containsExactly(alert);

        // the next window is healthy: the alert resolves once it closes
        checkouts(T0.plusSeconds(16), 20, Duration.ofMillis(30), 0);
        wallClockTo(T0.plusSeconds(36));
        List<Alert> later = alerts.readValuesToList().stream().map(AlertJson::fromJson).toList();
        assertThat(later).hasSize(1);
        assertThat(later.get(0).status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(later.get(0).fingerprint()).isEqualTo(alert.fingerprint());
        assertThat(later.get(0).endsAt()).isNotNull();
    }

    @Test
    void theExemplarsOfAnAlertAreKeptEvenWhenSamplingKeepsNothingElse() {
        start(new SamplingSettings(
                SamplingPoliciesParser.readDocument("policies: [{name: evidence, type: alert_exemplar}]")));
        checkouts(T0.plusSeconds(1), 40, Duration.ofMillis(30), 20);
        wallClockTo(T0.plusSeconds(16));

        Alert alert = AlertJson.fromJson(alerts.readValue());
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        Set<String> kept = sampled.readKeyValuesToMap().keySet();
        assertThat(kept).as("the exemplars can be opened").containsAll(alert.exemplars());
        assertThat(kept.size()).as("but not every trace is kept").isLessThan(40);
    }

    @Test
    void firingAlertResolvesWhenItsTrafficStops() {
        start();
        checkouts(T0.plusSeconds(1), 20, Duration.ofMillis(30), 20);
        wallClockTo(T0.plusSeconds(16));
        assertThat(AlertJson.fromJson(alerts.readValue()).status()).isEqualTo(AlertStatus.FIRING);

        // no span at all any more: the next window closes empty and still resolves the alert
        wallClockTo(T0.plusSeconds(26));
        Alert resolved = AlertJson.fromJson(alerts.readValue());
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void latencyAlertWaitsForItsBreachingWindowsAndBlamesTheSlowSpan() {
        start();
        checkouts(T0.plusSeconds(1), 10, Duration.ofMillis(900), 0);
        wallClockTo(T0.plusSeconds(16));
        assertThat(alerts.isEmpty()).as("for: 2 — one breaching window is only pending").isTrue();

        checkouts(T0.plusSeconds(11), 10, Duration.ofMillis(900), 0);
        wallClockTo(T0.plusSeconds(26));
        Alert alert = AlertJson.fromJson(alerts.readValue());
        assertThat(alert.rule()).isEqualTo("checkout-slow");
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.labels()).containsEntry("service", "frontend").containsEntry("operation", "POST /checkout");
        assertThat(alert.observed().value()).isGreaterThan(0.9);
        assertThat(alert.culprit().service()).as("the reserve call dominates the critical path").isEqualTo("inventory");
        assertThat(alert.culprit().share()).isGreaterThan(0.8);
    }

    @Test
    void spansOfAnAlreadyJudgedWindowAreCountedNotMerged() {
        start();
        checkouts(T0.plusSeconds(1), 20, Duration.ofMillis(30), 0);
        wallClockTo(T0.plusSeconds(16));
        // a straggler for [0s, 10s) after that window was judged
        checkouts(T0.plusSeconds(2), 1, Duration.ofMillis(30), 1);
        wallClockTo(T0.plusSeconds(20));
        assertThat(alerts.isEmpty()).isTrue();
        double late = driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(PipelineSensors.GROUP)
                        && e.getKey().name().equals(PipelineSensors.LATE_WINDOW_SPANS + "-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
        assertThat(late).as("the inventory span and the frontend span matched rules of a closed window").isEqualTo(2.0);
    }

    /** Moves the wall clock and the input's record time together, as for a pipeline that keeps up with its input. */
    private void advance(Duration d) {
        input.advanceTime(d);
        driver.advanceWallClockTime(d);
    }

    /**
     * A three-span checkout trace (frontend → checkout → inventory) in one collector record, starting at {@code start}:
     * inventory's {@code POST /reserve} takes {@code reserve} and fails when {@code reserveFails}; the failure
     * propagates to the callers.
     */
    private static byte[] checkout(int n, Instant start, Duration reserve, boolean reserveFails) {
        Instant reserveStart = start.plusMillis(10);
        return OtlpTraces.traces()
                .resource("frontend").add(shopSpan(n, 1, 0, "POST /checkout", start, reserveStart.plus(reserve).plusMillis(10), reserveFails))
                .resource("checkout").add(shopSpan(n, 2, 1, "PlaceOrder", start.plusMillis(5), reserveStart.plus(reserve).plusMillis(5), reserveFails))
                .resource("inventory").add(shopSpan(n, 3, 2, "POST /reserve", reserveStart, reserveStart.plus(reserve), reserveFails))
                .bytes();
    }

    private static Span shopSpan(int trace, int id, int parent, String name, Instant start, Instant end, boolean error) {
        OtlpTraces.SpanBuilder span = OtlpTraces.span(OtlpTraces.traceId(0x5a5a, trace + 1), OtlpTraces.spanId(trace + 1, id))
                .name(name).kind(Span.SpanKind.SPAN_KIND_SERVER).start(start).end(end);
        if (parent > 0) {
            span.parent(OtlpTraces.spanId(trace + 1, parent));
        }
        if (error) {
            span.status(Status.StatusCode.STATUS_CODE_ERROR, "out of stock");
        }
        return span.build();
    }
}
