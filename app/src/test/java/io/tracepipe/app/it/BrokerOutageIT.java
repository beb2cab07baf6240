package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.alerting.Alert;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away under load and comes back: the pipeline (a child JVM) waits without
 * failing, reports not ready on {@code /readyz} while it cannot reach the broker, is ready again
 * once it can, and loses nothing: every span sent comes out exactly once.
 * {@code -Dreliability.outage-seconds=N} (default 15; the transaction timeout is 10 s, so the
 * broker aborts the pipeline's open transaction while it is down).
 */
class BrokerOutageIT {
    @TempDir
    Path dir;

    @Test
    void thePipelineWaitsOutABrokerOutageNotReadyAndLosesNothing() throws Exception {
        Instant started = Instant.now();
        int outageSeconds = Figures.knob("outage-seconds", 15);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Path configFile = PipelineProcess.writeConfig(dir, CrashRestartIT.config(broker.bootstrapServers(), dir.resolve("state"), 4, ""));
            TracepipeConfig cfg = ConfigLoader.load(configFile);
            Map<String, Object> client = StreamsProperties.client(cfg);
            TopicCreator.createMissing(client, cfg.topics());

            try (PipelineProcess pipeline = PipelineProcess.start(configFile)) {
                String readyz = "http://127.0.0.1:" + pipeline.httpPort(Duration.ofSeconds(60)) + "/readyz";
                pipeline.awaitRunning(Duration.ofSeconds(90));
                Set<String> sent;
                String unacknowledged;
                Duration toNotReady;
                Duration toReady;
                try (Traffic traffic = Traffic.start(client, cfg.topics().names().input(), CrashRestartIT.traffic(3), CrashRestartIT.FAULTS)) {
                    Thread.sleep(6_000);
                    assertThat(Http.awaitStatus(readyz, 200, Duration.ofSeconds(30))).as("ready before the outage").isNotNull();

                    Instant down = Instant.now();
                    broker.stop();
                    toNotReady = Http.awaitStatus(readyz, 503, Duration.ofSeconds(60));
                    assertThat(toNotReady).as("/readyz says not ready while the broker is down").isNotNull();
                    while (Instant.now().isBefore(down.plusSeconds(outageSeconds))) {
                        assertThat(Http.status(readyz)).as("not ready during the outage").isEqualTo(503);
                        Thread.sleep(500);
                    }
                    assertThat(pipeline.isAlive()).as("the pipeline waits for the broker").isTrue();
                    int sentBeforeRestart = traffic.spansSent();

                    broker.restart();
                    toReady = Http.awaitStatus(readyz, 200, Duration.ofSeconds(120));
                    assertThat(toReady).as("ready again after the broker is back; log:%n%s", pipeline.log()).isNotNull();
                    Thread.sleep(6_000);
                    sent = traffic.stop();
                    unacknowledged = traffic.unacknowledged();
                    assertThat(sent.size()).as("traffic went on across the outage").isGreaterThan(sentBeforeRestart);
                }
                ExactlyOnce.Tally tally = ExactlyOnce.sampledTraces(broker.bootstrapServers(), cfg.topics().names().sampledTraces(), sent,
                        Duration.ofMinutes(2), Duration.ofSeconds(5));
                Map<String, List<Alert>> alerts = ExactlyOnce.alertChanges(broker.bootstrapServers(), cfg.topics().names().alerts(),
                        Duration.ofSeconds(3));
                int repeated = ExactlyOnce.repeatedAlertChanges(alerts);
                Figures.record("BrokerOutageIT", started, "broker stopped for " + outageSeconds + " s under load", tally,
                        "/readyz 503 after " + toNotReady.toMillis() + " ms of outage, 200 again " + toReady.toMillis()
                                + " ms after the restart; sends the broker never acknowledged (not expected out) " + unacknowledged
                                + "; alert state changes " + ExactlyOnce.count(alerts) + ", repeated " + repeated);

                assertThat(pipeline.isAlive()).isTrue();
                assertThat(pipeline.log()).doesNotContain("pipeline failed");
                tally.assertExactlyOnce();
                assertThat(repeated).as("alert state changes that repeat the previous one: %s", alerts).isZero();
            }
        }
    }
}
