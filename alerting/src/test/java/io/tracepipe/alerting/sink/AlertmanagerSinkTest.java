package io.tracepipe.alerting.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.Await;
import io.tracepipe.alerting.TestAlerts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertmanagerSinkTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-03-01T12:06:00.250Z");

    private FakeAlertmanager alertmanager;
    private AlertmanagerSink sink;

    @BeforeEach
    void startServer() throws IOException {
        alertmanager = new FakeAlertmanager();
    }

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
        alertmanager.close();
    }

    @Test
    void retriesServerErrorsWithGrowingBackoffThenDelivers() {
        alertmanager.answering(200, 503, 503);
        sink = AlertmanagerSink.start(settings(alertmanager.url()).withRetries(Duration.ofMillis(100), Duration.ofSeconds(1), 5));

        sink.publish(TestAlerts.firing());

        awaitCounters(new SinkCounters(1, 2, 0, 0));
        List<FakeAlertmanager.Request> requests = alertmanager.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1).receivedNanos() - requests.get(0).receivedNanos())
                .as("first backoff").isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(requests.get(2).receivedNanos() - requests.get(1).receivedNanos())
                .as("doubled backoff").isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(requests).allSatisfy(request -> assertThat(request.body()).hasSize(1));
    }

    @Test
    void postsAlertmanagerV2Alerts() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        sink = AlertmanagerSink.start(settings(alertmanager.url())
                .withResolveTimeout(Duration.ofHours(1))
                .withGeneratorUrl("http://jaeger:16686/trace/{trace_id}"), clock);

        sink.publish(TestAlerts.firing());
        sink.publish(TestAlerts.resolved());

        Await.until(WAIT, "two alerts sent", () -> sink.counters().sent() == 2, sink::counters);
        List<JsonNode> alerts = alertmanager.alerts();
        assertThat(alerts).hasSize(2);

        JsonNode firing = alerts.get(0);
        assertThat(fieldNames(firing)).containsExactly("labels", "annotations", "startsAt", "endsAt", "generatorURL");
        assertThat(strings(firing.get("labels"))).isEqualTo(Map.of(
                "alertname", "checkout-latency", "severity", "critical",
                "service", "payment", "operation", "POST /charge", "team", "payments"));
        assertThat(strings(firing.get("annotations"))).isEqualTo(Map.of(
                "summary", "p99 latency 3.2 s > 1 s over 1m",
                "culprit", "payment POST /charge 83%",
                "explanation", "culprit payment POST /charge 83% of slow time (normally 20%)"
                        + " · k8s.pod.name=payment-7d4b9-x2x9q in 90% of slow spans vs 48%",
                "exemplar_trace_ids", TestAlerts.traceId(5) + "," + TestAlerts.traceId(6)));
        assertThat(firing.get("startsAt").asText()).isEqualTo("2026-03-01T12:02:00.000Z");
        assertThat(firing.get("endsAt").asText()).as("now + resolve timeout").isEqualTo("2026-03-01T13:06:00.250Z");
        assertThat(firing.get("generatorURL").asText()).isEqualTo("http://jaeger:16686/trace/" + TestAlerts.traceId(5));

        JsonNode resolved = alerts.get(1);
        assertThat(resolved.get("startsAt").asText()).isEqualTo("2026-03-01T12:02:00.000Z");
        assertThat(resolved.get("endsAt").asText()).as("the alert's own end").isEqualTo("2026-03-01T12:08:00.000Z");
        assertThat(resolved.get("generatorURL").asText()).as("no exemplar to link").isEmpty();
    }

    @Test
    void doesNotRetryARejectedPayload() {
        alertmanager.answering(400);
        sink = AlertmanagerSink.start(settings(alertmanager.url()));

        sink.publish(TestAlerts.firing());

        awaitCounters(new SinkCounters(0, 0, 1, 0));
        assertThat(alertmanager.requests()).hasSize(1);
    }

    @Test
    void givesUpAfterMaxAttempts() {
        alertmanager.answering(503);
        sink = AlertmanagerSink.start(settings(alertmanager.url()).withRetries(Duration.ofMillis(10), Duration.ofMillis(20), 3));

        sink.publish(TestAlerts.firing());

        awaitCounters(new SinkCounters(0, 2, 1, 0));
        assertThat(alertmanager.requests()).hasSize(3);
    }

    @Test
    void retriesWhenAlertmanagerIsNotListening() throws IOException {
        URI nobody;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        sink = AlertmanagerSink.start(settings(nobody).withRetries(Duration.ofMillis(10), Duration.ofMillis(20), 2));

        sink.publish(TestAlerts.firing());

        awaitCounters(new SinkCounters(0, 1, 1, 0));
    }

    @Test
    void neverBlocksThePublisherAndDropsTheOldestWhenFull() {
        alertmanager.hold();
        sink = AlertmanagerSink.start(settings(alertmanager.url()).withQueueCapacity(2));

        sink.publish(alertFor("s1"));
        Await.until(WAIT, "the first batch in flight", () -> alertmanager.requests().size() == 1, alertmanager::requests);

        long start = System.nanoTime();
        for (String service : List.of("s2", "s3", "s4", "s5")) {
            sink.publish(alertFor(service));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("publish while Alertmanager hangs")
                .isLessThan(Duration.ofMillis(500));
        assertThat(sink.counters().dropped()).isEqualTo(2);
        assertThat(sink.queued()).isEqualTo(2);

        alertmanager.release();
        awaitCounters(new SinkCounters(3, 0, 0, 2));
        assertThat(alertmanager.alerts()).map(alert -> alert.get("labels").get("service").asText())
                .containsExactly("s1", "s4", "s5");
    }

    @Test
    void closeFlushesWhatIsQueued() {
        sink = AlertmanagerSink.start(settings(alertmanager.url()));
        for (int i = 0; i < 5; i++) {
            sink.publish(alertFor("s" + i));
        }

        sink.close();

        assertThat(sink.counters()).isEqualTo(new SinkCounters(5, 0, 0, 0));
        assertThat(alertmanager.alerts()).hasSize(5);
    }

    @Test
    void closeGivesUpInBoundedTimeAndCountsWhatItLost() {
        alertmanager.answering(503);
        sink = AlertmanagerSink.start(settings(alertmanager.url())
                .withRetries(Duration.ofMillis(100), Duration.ofMillis(100), 1000)
                .withCloseTimeout(Duration.ofMillis(500)));
        sink.publish(TestAlerts.firing());
        Await.until(WAIT, "a first failed attempt", () -> sink.counters().retried() > 0, sink::counters);

        long start = System.nanoTime();
        sink.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(sink.counters().failed()).isEqualTo(1);
        sink.publish(TestAlerts.firing());
        assertThat(sink.counters().dropped()).as("published after close").isEqualTo(1);
    }

    private void awaitCounters(SinkCounters expected) {
        Await.until(WAIT, "counters " + expected, () -> sink.counters().equals(expected), sink::counters);
    }

    private static AlertmanagerSettings settings(URI url) {
        return AlertmanagerSettings.defaults(url, Duration.ofMinutes(5))
                .withRetries(Duration.ofMillis(20), Duration.ofMillis(100), 3)
                .withRequestTimeout(Duration.ofSeconds(15));
    }

    private static Alert alertFor(String service) {
        Alert alert = TestAlerts.firing();
        Map<String, String> labels = new HashMap<>(alert.labels());
        labels.put("service", service);
        return alert.withLabels(labels);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new HashMap<>();
        node.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return values;
    }
}
