package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertJson;
import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.devkit.generator.Fault;
import io.tracepipe.devkit.generator.FaultInjector;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.ShopTopology;
import io.tracepipe.devkit.generator.TraceMix;
import io.tracepipe.devkit.generator.TrafficPump;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.devkit.kafka.SpanPublisher;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts end to end on a real broker: the generator slows payment's {@code POST /charge} and makes
 * inventory's {@code POST /reserve} fail; alerts fire naming them as culprits, with exemplars that
 * are in the sampled topic; after the faults stop the alerts resolve. The pipeline runs in a child
 * JVM that is killed (SIGKILL) and restarted while alerts are firing: no state change is published
 * twice.
 */
class AlertsIT {
    private static final Duration TICK = Duration.ofMillis(100);

    @TempDir
    Path dir;

    @Test
    void faultsFireAlertsNamingTheCulpritsAndResolveAcrossAKill() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Path config = PipelineProcess.writeConfig(dir, """
                    kafka:
                      bootstrap-servers: %s
                      state-dir: %s
                      properties:
                        commit.interval.ms: 200
                        session.timeout.ms: 6000
                    topics:
                      partitions: 3
                    http:
                      port: 0
                    assembly:
                      inactivity-gap: 2s
                      punctuate-interval: 250ms
                    alerting:
                      window-grace: 4s
                      flush-interval: 500ms
                    rules:
                      - name: charge-latency
                        severity: warning
                        match: { service: payment, operation: POST /charge, kind: server }
                        latency: { percentile: p95, above: 500ms }
                        window: 10s
                        min_count: 5
                        resolve_after: 1
                      - name: checkout-latency
                        severity: critical
                        match: { service: frontend, operation: POST /checkout, kind: server }
                        latency: { percentile: p95, above: 700ms }
                        window: 10s
                        min_count: 5
                        resolve_after: 1
                      - name: reserve-errors
                        severity: critical
                        match: { service: inventory, operation: POST /reserve, kind: server }
                        error_rate: { above: 0.2 }
                        window: 10s
                        min_count: 5
                        resolve_after: 1
                    """.formatted(broker.bootstrapServers(), dir.resolve("state")));
            TracepipeConfig cfg = ConfigLoader.load(config);
            TopicCreator.createMissing(StreamsProperties.client(cfg), cfg.topics());

            FaultInjector faults = new FaultInjector();
            // No bulk checkouts: those are slow by nature (hundreds of database calls), and the five
            // seconds before the faults teach no normal profile to tell them from the slow charge.
            GeneratorSettings traffic = GeneratorSettings.defaults(11).withTracesPerSecond(25).withNaturalFailureRate(0)
                    .withMix(new TraceMix(0.45, 0.35, 0.2, 0));
            TrafficPump pump = new TrafficPump(traffic, faults, FaultSchedule.NONE, Instant.now());
            Fault slowCharge = Fault.latency(ShopTopology.PAYMENT, ShopTopology.CHARGE, Duration.ofMillis(900));
            Fault failingReserve = Fault.errors(ShopTopology.INVENTORY, ShopTopology.RESERVE, 0.6);

            PipelineProcess pipeline = PipelineProcess.start(config);
            try (SpanPublisher publisher = new SpanPublisher(StreamsProperties.client(cfg), cfg.topics().names().input())) {
                pipeline.awaitRunning(Duration.ofSeconds(90));
                Instant start = Instant.now();
                run(pump, publisher, start.plusSeconds(5));
                faults.activate(slowCharge);
                faults.activate(failingReserve);
                run(pump, publisher, start.plusSeconds(35));

                // the first fault windows have closed by now: crash the pipeline and bring it back
                assertThat(firing(alerts(broker, cfg, Duration.ofSeconds(1)))).as("alerts fired before the kill").isNotEmpty();
                pipeline.kill();
                pipeline = PipelineProcess.start(config);
                run(pump, publisher, start.plusSeconds(45));
                faults.clear();
                run(pump, publisher, start.plusSeconds(75));
                pipeline.awaitRunning(Duration.ofSeconds(30));

                List<Alert> alerts = waitForResolution(broker, cfg);
                Map<String, List<Alert>> byFingerprint = alerts.stream()
                        .collect(Collectors.groupingBy(Alert::fingerprint, LinkedHashMap::new, Collectors.toList()));

                Alert charge = firstFiring(alerts, "charge-latency");
                assertThat(charge.labels()).containsEntry("service", "payment").containsEntry("operation", "POST /charge");
                assertThat(charge.culprit().service()).as("%s", charge).isEqualTo("payment");
                assertThat(charge.culprit().operation()).as("%s", charge).isEqualTo("POST /charge");

                Alert checkout = firstFiring(alerts, "checkout-latency");
                assertThat(checkout.labels()).containsEntry("service", "frontend");
                assertThat(checkout.culprit().service()).as("the slow charge sets the checkout's critical path: %s", checkout)
                        .isEqualTo("payment");
                assertThat(checkout.culprit().operation()).as("%s", checkout).isEqualTo("POST /charge");
                assertThat(checkout.explanation().kind()).isEqualTo(Alert.Explanation.LATENCY);
                assertThat(checkout.explanation().suspects().get(0).exemplar()).as("the first exemplar shows the culprit")
                        .isEqualTo(checkout.exemplars().get(0));

                Alert reserve = firstFiring(alerts, "reserve-errors");
                assertThat(reserve.labels()).containsEntry("service", "inventory").containsEntry("operation", "POST /reserve");
                assertThat(reserve.culprit().service()).as("%s", reserve).isEqualTo("inventory");
                assertThat(reserve.observed().value()).isGreaterThan(0.2);

                Set<String> exemplars = List.of(charge, checkout, reserve).stream()
                        .flatMap(a -> a.exemplars().stream()).collect(Collectors.toSet());
                assertThat(exemplars).isNotEmpty();
                Set<String> sampled = TopicReader.readUntil(broker.bootstrapServers(), cfg.topics().names().sampledTraces(),
                        Duration.ofSeconds(60), got -> keys(got).containsAll(exemplars)).stream()
                        .map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
                assertThat(sampled).as("every exemplar can be opened in the sampled topic").containsAll(exemplars);

                byFingerprint.forEach((fingerprint, changes) -> {
                    assertThat(changes.get(changes.size() - 1).status()).as("%s ends resolved", fingerprint).isEqualTo(AlertStatus.RESOLVED);
                    for (int i = 1; i < changes.size(); i++) {
                        assertThat(changes.get(i).status()).as("state change %d of %s repeats the previous one:%n%s", i, fingerprint,
                                changes).isNotEqualTo(changes.get(i - 1).status());
                    }
                });
            } finally {
                pipeline.close();
            }
        }
    }

    /** Publishes the generator's traffic in real time until {@code until}. */
    private static void run(TrafficPump pump, SpanPublisher publisher, Instant until) throws InterruptedException {
        while (Instant.now().isBefore(until)) {
            for (OtlpRecord r : pump.advanceTo(Instant.now())) {
                publisher.publish(r);
            }
            Thread.sleep(TICK.toMillis());
        }
        publisher.flush();
    }

    private static List<Alert> alerts(EmbeddedKafkaBroker broker, TracepipeConfig cfg, Duration wait) {
        List<Alert> out = new ArrayList<>();
        TopicReader.readUntil(broker.bootstrapServers(), cfg.topics().names().alerts(), wait, got -> false)
                .forEach(r -> out.add(AlertJson.fromJson(new String(r.value(), StandardCharsets.UTF_8))));
        return out;
    }

    /** Reads the alert topic until every alert that fired has resolved (or two minutes passed). */
    private static List<Alert> waitForResolution(EmbeddedKafkaBroker broker, TracepipeConfig cfg) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readUntil(broker.bootstrapServers(), cfg.topics().names().alerts(),
                Duration.ofMinutes(2), got -> {
                    Map<String, AlertStatus> last = new LinkedHashMap<>();
                    got.forEach(r -> {
                        Alert a = AlertJson.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                        last.put(a.fingerprint(), a.status());
                    });
                    return last.size() >= 3 && !last.containsValue(AlertStatus.FIRING);
                });
        return records.stream().map(r -> AlertJson.fromJson(new String(r.value(), StandardCharsets.UTF_8))).toList();
    }

    private static List<Alert> firing(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).toList();
    }

    private static Alert firstFiring(List<Alert> alerts, String rule) {
        return alerts.stream().filter(a -> a.rule().equals(rule) && a.status() == AlertStatus.FIRING).findFirst()
                .orElseThrow(() -> new AssertionError("no firing alert for " + rule + " in " + alerts));
    }

    private static Set<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }
}
