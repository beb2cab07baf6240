package io.tracepipe.topology.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertJson;
import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.anomaly.rules.RulesParser;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import io.tracepipe.topology.Topics;
import io.tracepipe.topology.TopologySettings;
import io.tracepipe.topology.TraceObserver;
import io.tracepipe.topology.TracepipeTopology;
import io.tracepipe.topology.assembly.AssemblySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules on instrumentation health alert like rules on error rates: orphan spans of a service, an attribute with too many values. */
class HealthRulesTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final AssemblySettings ASSEMBLY = new AssemblySettings(Duration.ofSeconds(2), Duration.ofMinutes(1), 1000,
            Duration.ofMinutes(5), Duration.ofMillis(500));
    private static final AlertingSettings ALERTING = new AlertingSettings(Duration.ofSeconds(5), Duration.ofMillis(500), null);
    private static final String RULES = """
            rules:
              - name: lost-context
                severity: warning
                group_by: [service]
                orphan_rate: { above: 1% }
                window: 10s
                min_count: 5
                for: 1
              - name: request-ids
                severity: info
                group_by: [service]
                match: { service: frontend }
                attribute_cardinality: { key: request.id, above: 15 }
                window: 10s
                min_count: 5
                for: 1
            """;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<String, String> alerts;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void orphanRateAndAttributeCardinalityFireAgainstTheirService() {
        start();
        for (int n = 0; n < 20; n++) {
            // a third of inventory's spans lose their parent; every frontend span carries a fresh request id
            input.pipeInput(trace(n, T0.plusSeconds(1).plusMillis(10L * n), n % 3 == 0));
        }
        for (int step = 0; step < 34; step++) {
            input.advanceTime(Duration.ofMillis(500));
            driver.advanceWallClockTime(Duration.ofMillis(500));
        }

        List<Alert> fired = alerts.readValuesToList().stream().map(AlertJson::fromJson).toList();

        assertThat(fired).extracting(Alert::rule, a -> a.labels().get("service"), Alert::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("lost-context", "inventory", AlertStatus.FIRING),
                org.assertj.core.groups.Tuple.tuple("request-ids", "frontend", AlertStatus.FIRING));
        Alert lostContext = fired.stream().filter(a -> a.rule().equals("lost-context")).findFirst().orElseThrow();
        assertThat(lostContext.observed().value()).isCloseTo(7 / 20.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(lostContext.culprit().operation()).isEqualTo("POST /reserve");
        Alert requestIds = fired.stream().filter(a -> a.rule().equals("request-ids")).findFirst().orElseThrow();
        assertThat(requestIds.observed().value()).isEqualTo(20);
    }

    private void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracepipe-health-rules-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        TopologySettings settings = TopologySettings.defaults().withPartitions(1).withAssembly(ASSEMBLY).withRules(RulesParser.parseDocument(RULES))
                .withAlerting(ALERTING);
        driver = new TopologyTestDriver(new TracepipeTopology(settings, null, TraceObserver.NONE).get(), props, T0);
        input = driver.createInputTopic(Topics.DEFAULT_INPUT, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
        alerts = driver.createOutputTopic(Topics.DEFAULT_ALERTS, new StringDeserializer(), new StringDeserializer());
    }

    /** frontend → inventory; inventory's parent id points at a span that never arrives when {@code orphan}. */
    private static byte[] trace(int n, Instant start, boolean orphan) {
        return OtlpTraces.traces()
                .resource("frontend").add(span(n, 1, 0, "POST /checkout", start, start.plusMillis(50))
                        .attribute("request.id", "req-" + n).build())
                .resource("inventory").add(span(n, 2, orphan ? 9 : 1, "POST /reserve", start.plusMillis(10), start.plusMillis(40)).build())
                .bytes();
    }

    private static OtlpTraces.SpanBuilder span(int trace, int id, int parent, String name, Instant start, Instant end) {
        OtlpTraces.SpanBuilder span = OtlpTraces.span(OtlpTraces.traceId(0x6b6b, trace + 1), OtlpTraces.spanId(trace + 1, id))
                .name(name).kind(Span.SpanKind.SPAN_KIND_SERVER).start(start).end(end);
        return parent > 0 ? span.parent(OtlpTraces.spanId(trace + 1, parent)) : span;
    }
}
