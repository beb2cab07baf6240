package io.tracepipe.topology.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertLine;
import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.anomaly.rules.RulesParser;
import io.tracepipe.devkit.generator.Fault;
import io.tracepipe.devkit.generator.FaultInjector;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.ShopTopology;
import io.tracepipe.devkit.generator.TraceMix;
import io.tracepipe.devkit.generator.TrafficPump;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts explained end to end, in simulated time through the whole topology: the culprit comes
 * from every bad span of the window, a latency culprit is what grew, and the attribute contrast
 * finds the pod.
 */
class ExplanationScenariosTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    /** The shipped rules, on 10-second windows so that a scenario takes seconds of simulated time. */
    private static final String SHIPPED_RULES_ON_SHORT_WINDOWS = """
            rules:
              - name: high-error-rate
                severity: critical
                match: { kind: server }
                error_rate: { above: 0.05 }
                window: 10s
                min_count: 20
              - name: slow-p99
                severity: warning
                match: { kind: server }
                latency: { percentile: p99, above: 1s }
                window: 10s
                min_count: 20
              - name: latency-regression
                severity: warning
                match: { kind: server }
                baseline: { metric: p95_latency, sensitivity: 4, warmup: 3, min_delta: 150ms }
                window: 10s
                min_count: 20
            """;

    @TempDir
    Path stateDir;

    private static List<Alert> firing(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).toList();
    }

    @Test
    void everyAlertOfTheCascadeNamesTheFailingTokenCheckNotTheSlowBackgroundFailures() {
        CascadeTraffic traffic = new CascadeTraffic(12, 0.3, 0.005);
        List<Alert> alerts;
        try (SimulatedPipeline pipeline = new SimulatedPipeline(stateDir, RulesParser.parseDocument(SHIPPED_RULES_ON_SHORT_WINDOWS), T0)) {
            // 40 requests a second for a minute
            for (int i = 0; i < 2400; i++) {
                pipeline.send(traffic.next(T0.plusMillis(25L * i)), T0.plusMillis(25L * i + 5));
            }
            pipeline.advanceTo(T0.plusSeconds(80));
            alerts = firing(pipeline.alerts());
        }

        List<Alert> onGatewayOrAuth = alerts.stream()
                .filter(a -> List.of(CascadeTraffic.GATEWAY, CascadeTraffic.AUTH).contains(a.labels().get("service"))).toList();
        assertThat(onGatewayOrAuth).extracting(a -> a.labels().get("service"))
                .contains(CascadeTraffic.GATEWAY, CascadeTraffic.AUTH);
        for (Alert alert : onGatewayOrAuth) {
            assertThat(alert.culprit().service()).as(AlertLine.format(alert, false)).isEqualTo(CascadeTraffic.AUTH);
            assertThat(alert.culprit().operation()).isEqualTo(CascadeTraffic.VERIFY);
            assertThat(alert.culprit().share()).as(AlertLine.format(alert, false)).isGreaterThanOrEqualTo(0.8);
            assertThat(alert.explanation().suspects().get(0).count()).isPositive();
            assertThat(traffic.authFailures()).as("the first exemplar shows the culprit").contains(alert.exemplars().get(0));
        }
        List<Alert> onGateway = onGatewayOrAuth.stream().filter(a -> a.labels().get("service").equals(CascadeTraffic.GATEWAY)).toList();
        assertThat(onGateway).flatExtracting(a -> a.explanation().suspects().subList(1, a.explanation().suspects().size()))
                .as("the background failures come after").isNotEmpty()
                .extracting(Alert.Suspect::service).allMatch(s -> s.equals("inventory-service") || s.equals("payment-service"));
        assertThat(onGatewayOrAuth).flatExtracting(a -> a.explanation().attributes()).as("the load is even: no pod stands out")
                .noneMatch(a -> a.key().equals("k8s.pod.name"));
        onGatewayOrAuth.forEach(a -> System.out.println(AlertLine.format(a, false)));
        assertThat(alerts).as("nothing else fires").allMatch(onGatewayOrAuth::contains);
    }

    @Test
    void aLatencyCulpritIsTheDownstreamThatGrewNotTheOperationThatIsAlwaysSlow() {
        // card authorisation is slow in 0.5 % of the checkouts, always: the slowest checkouts of every window are those
        Fault alwaysSlow = Fault.latency(ShopTopology.PAYMENT, "authorize card", Duration.ofMillis(4000)).inShare(0.005);
        // then reservations slow down in about 2 % of the checkouts (0.7 % of the calls, several per checkout)
        Fault fault = Fault.latency(ShopTopology.INVENTORY, ShopTopology.RESERVE, Duration.ofMillis(700)).inShare(0.007);
        Duration faultFrom = Duration.ofSeconds(60);
        FaultSchedule schedule = new FaultSchedule(List.of(new FaultSchedule.Entry(fault, faultFrom, Duration.ofSeconds(40))),
                Duration.ofMinutes(10));
        GeneratorSettings settings = GeneratorSettings.defaults(3).withMix(new TraceMix(0.1, 0.1, 0.8, 0)).withTracesPerSecond(60)
                .withNaturalFailureRate(0);
        String rules = """
                rules:
                  - name: slow-p99
                    severity: warning
                    match: { kind: server }
                    latency: { percentile: p99, above: 500ms }
                    window: 20s
                    min_count: 20
                """;
        List<Alert> alerts;
        try (SimulatedPipeline pipeline = new SimulatedPipeline(stateDir, RulesParser.parseDocument(rules), T0)) {
            pipeline.run(new TrafficPump(settings, new FaultInjector(alwaysSlow), schedule, T0), T0.plusSeconds(100));
            pipeline.advanceTo(T0.plusSeconds(130));
            alerts = firing(pipeline.alerts());
        }

        alerts.forEach(a -> System.out.println(AlertLine.format(a, false)));
        List<Alert> ofTheFault = alerts.stream().filter(a -> !a.window().start().isBefore(T0.plus(faultFrom))).toList();
        assertThat(ofTheFault).extracting(a -> a.labels().get("service") + " " + a.labels().get("operation"))
                .contains("frontend POST /checkout", "checkout POST /checkout");
        for (Alert alert : ofTheFault) {
            assertThat(alert.culprit().service()).as(AlertLine.format(alert, false)).isEqualTo(ShopTopology.INVENTORY);
            assertThat(alert.culprit().operation()).isEqualTo(ShopTopology.RESERVE);
        }
        Alert checkout = ofTheFault.stream().filter(a -> a.labels().get("service").equals("frontend")).findFirst().orElseThrow();
        Alert.Suspect top = checkout.explanation().suspects().get(0);
        assertThat(top.normalShare()).as("reservations took almost none of the slow time in normal windows").isLessThan(0.05);
        assertThat(checkout.explanation().suspects()).extracting(Alert.Suspect::operation)
                .as("what shrank is no suspect").doesNotContain("authorize card");
    }

    @Test
    void aSlowPodIsOverRepresentedAmongTheSlowSpans() {
        String slowPod = ShopTopology.standard().instancesOf(ShopTopology.FRONTEND).get(1).podName();
        Fault onePod = Fault.latency(ShopTopology.FRONTEND, ShopTopology.PRODUCT_PAGE, Duration.ofMillis(300)).onPod(slowPod);
        FaultSchedule schedule = new FaultSchedule(List.of(new FaultSchedule.Entry(onePod, Duration.ofSeconds(20), Duration.ofSeconds(30))),
                Duration.ofMinutes(10));
        String rules = """
                rules:
                  - name: slow-frontend
                    severity: warning
                    match: { service: frontend, kind: server }
                    group_by: [service]
                    latency: { percentile: p95, above: 250ms }
                    window: 10s
                    min_count: 20
                """;
        List<Alert> alerts;
        try (SimulatedPipeline pipeline = new SimulatedPipeline(stateDir, RulesParser.parseDocument(rules), T0)) {
            pipeline.run(new TrafficPump(GeneratorSettings.defaults(8).withTracesPerSecond(40), new FaultInjector(), schedule, T0),
                    T0.plusSeconds(50));
            pipeline.advanceTo(T0.plusSeconds(70));
            alerts = firing(pipeline.alerts());
        }

        assertThat(alerts).isNotEmpty();
        alerts.forEach(a -> System.out.println(AlertLine.format(a, false)));
        for (Alert alert : alerts) {
            Alert.AttributeContrast pod = alert.explanation().attributes().stream()
                    .filter(a -> a.key().equals("k8s.pod.name")).findFirst().orElseThrow();
            assertThat(pod.value()).as(AlertLine.format(alert, false)).isEqualTo(slowPod);
            assertThat(pod.badShare()).isGreaterThanOrEqualTo(0.8);
            assertThat(pod.goodShare()).as("a third of the traffic, less what turned slow").isBetween(0.1, 0.4);
            assertThat(alert.explanation().attributes()).as("host.name holds the pod name too: the rule's key order puts the pod first")
                    .filteredOn(a -> a.key().equals("host.name")).allMatch(a -> alert.explanation().attributes().indexOf(a)
                            > alert.explanation().attributes().indexOf(pod));
        }
    }
}
