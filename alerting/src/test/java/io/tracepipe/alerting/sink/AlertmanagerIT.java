package io.tracepipe.alerting.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.Await;
import io.tracepipe.alerting.Fingerprint;
import io.tracepipe.alerting.TestAlerts;
import io.tracepipe.alerting.lifecycle.AlertLifecycle;
import io.tracepipe.alerting.lifecycle.LifecycleSettings;
import io.tracepipe.alerting.lifecycle.RuleDecoration;
import io.tracepipe.alerting.lifecycle.Transition;
import io.tracepipe.anomaly.eval.Culprit;
import io.tracepipe.anomaly.eval.Outcome;
import io.tracepipe.anomaly.eval.Verdict;
import io.tracepipe.anomaly.eval.WindowSummary;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AlertmanagerSink against a real Alertmanager (Debian package {@code prometheus-alertmanager}),
 * started here as a child process on a free loopback port with a receiver that sends nothing.
 */
class AlertmanagerIT {

    private static final String BINARY = "prometheus-alertmanager";
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String RULE = "it-checkout-latency";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private static Process alertmanager;
    private static Path log;
    private static URI url;
    private static AlertmanagerSink sink;

    @BeforeAll
    static void startAlertmanager() throws IOException {
        Path binary = findBinary().orElseGet(() -> fail(BINARY + " not found on PATH or in /usr/bin: this test needs the"
                + " real Alertmanager. Install it with: apt-get update && apt-get install -y prometheus-alertmanager"));
        Path config = Files.writeString(dir.resolve("alertmanager.yml"),
                "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n", StandardCharsets.UTF_8);
        int port = freePort();
        url = URI.create("http://127.0.0.1:" + port);
        log = dir.resolve("alertmanager.log");
        alertmanager = new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port,
                // An empty cluster address turns gossip off, so no second port is needed.
                "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();

        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!ready()) {
            if (!alertmanager.isAlive()) {
                fail(BINARY + " exited with " + alertmanager.exitValue() + " before it was ready:\n" + logText());
            }
            if (System.nanoTime() > deadline) {
                fail(BINARY + " not ready at " + url + " within " + STARTUP + ":\n" + logText());
            }
            pause();
        }
        sink = AlertmanagerSink.start(AlertmanagerSettings.defaults(url, Duration.ofMinutes(5))
                .withGeneratorUrl("http://jaeger.invalid/trace/{trace_id}"));
    }

    @AfterAll
    static void stopAlertmanager() throws InterruptedException {
        if (sink != null) {
            sink.close();
        }
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void firingAlertIsActiveAndResolvedAlertIsGone() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        LifecycleSettings settings = new LifecycleSettings(1, 1, Duration.ofMinutes(5));
        RuleDecoration decoration = new RuleDecoration(
                Map.of("team", "payments"), Map.of("runbook_url", "https://runbooks.invalid/checkout-latency"));

        Transition fired = AlertLifecycle.step(null, verdict(Outcome.BREACH, now.minus(Duration.ofMinutes(1))),
                decoration, settings, now);
        Alert firing = fired.alert().orElseThrow();
        sink.publish(firing);
        Await.until(WAIT, "the firing alert sent", () -> sink.counters().sent() == 1, sink::counters);

        JsonNode active = awaitOurAlert();
        assertThat(active.get("status").get("state").asText()).isEqualTo("active");
        Map<String, String> labels = strings(active.get("labels"));
        assertThat(labels).isEqualTo(Map.of(
                "alertname", RULE, "severity", "critical", "service", "payment", "operation", "POST /charge", "team", "payments"));
        assertThat(strings(active.get("annotations")))
                .containsEntry("summary", "p99 latency 3.2 s > 1 s over 1m")
                .containsEntry("runbook_url", "https://runbooks.invalid/checkout-latency")
                .containsEntry("culprit", "payment POST /charge 83%")
                .containsEntry("explanation", "culprit payment POST /charge 83% of slow time (normally 20%)"
                        + " · k8s.pod.name=payment-7d4b9-x2x9q in 90% of slow spans vs 48%")
                .containsEntry("exemplar_trace_ids", firing.exemplars().get(0));
        assertThat(Instant.parse(active.get("startsAt").asText())).isEqualTo(firing.startsAt());
        assertThat(Instant.parse(active.get("endsAt").asText())).as("held open by the resolve timeout")
                .isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(active.get("generatorURL").asText()).isEqualTo("http://jaeger.invalid/trace/" + firing.exemplars().get(0));
        assertThat(active.get("fingerprint").asText()).as("Alertmanager's own fingerprint of these labels")
                .isEqualTo(Fingerprint.ofLabels(labels));

        // A re-notification is the same alert to Alertmanager, not a second one.
        sink.publish(firing);
        Await.until(WAIT, "the re-notification sent", () -> sink.counters().sent() == 2, sink::counters);
        assertThat(ourAlerts()).hasSize(1);

        Transition resolved = AlertLifecycle.step(fired.state(), verdict(Outcome.CLEAR, now), decoration, settings, now);
        Alert end = resolved.alert().orElseThrow();
        assertThat(end.endsAt()).isBefore(Instant.now());
        sink.publish(end);
        Await.until(WAIT, "the resolved alert sent", () -> sink.counters().sent() == 3, sink::counters);

        // Alertmanager 0.25 leaves resolved alerts out of GET /api/v2/alerts altogether.
        Await.until(WAIT, "the alert to leave Alertmanager's active alerts", () -> ourAlerts().isEmpty(),
                AlertmanagerIT::ourAlerts);
        assertThat(sink.counters()).isEqualTo(new SinkCounters(3, 0, 0, 0));
    }

    private static Verdict verdict(Outcome outcome, Instant windowStart) {
        boolean breach = outcome == Outcome.BREACH;
        String traceId = String.format("%032x", windowStart.getEpochSecond());
        return new Verdict(RULE, "critical", Map.of("service", "payment", "operation", "POST /charge"), outcome,
                breach ? 3.2 : 0.4, 1.0, null, breach ? "p99 latency 3.2 s > 1 s over 1m" : "p99 latency 0.4 s <= 1 s over 1m",
                new WindowSummary(812, 3, 40, 0.12, 0.9, breach ? 3.2 : 0.4, 4.1),
                windowStart.toEpochMilli(), windowStart.plus(Duration.ofMinutes(1)).toEpochMilli(),
                List.of(traceId), breach ? new Culprit("payment", "POST /charge", 0.83) : null,
                breach ? TestAlerts.explanation(0) : null);
    }

    private static JsonNode awaitOurAlert() {
        Await.until(WAIT, "our alert in GET /api/v2/alerts", () -> ourAlerts().size() == 1, AlertmanagerIT::ourAlerts);
        return ourAlerts().get(0);
    }

    private static List<JsonNode> ourAlerts() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(url.resolve("/api/v2/alerts")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET /api/v2/alerts: " + response.body()).isEqualTo(200);
            List<JsonNode> ours = new ArrayList<>();
            for (JsonNode alert : JSON.readTree(response.body())) {
                if (RULE.equals(alert.path("labels").path("alertname").asText())) {
                    ours.add(alert);
                }
            }
            return ours;
        } catch (IOException e) {
            throw new AssertionError("GET /api/v2/alerts failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(1)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<Path> findBinary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, BINARY))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for Alertmanager", e);
        }
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new HashMap<>();
        node.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return values;
    }
}
