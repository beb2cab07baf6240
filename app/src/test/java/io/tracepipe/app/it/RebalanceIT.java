package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.alerting.Alert;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling and failover under load, each instance a child JVM with a state directory of its own
 * and one standby replica per task: two instances share the work, a third joins (rebalance), the
 * first is killed with SIGKILL (its tasks move, to the instances holding their standbys), then
 * the second leaves with SIGTERM; the third finishes alone. Every span comes out exactly once and
 * no alert state change repeats.
 */
class RebalanceIT {
    @TempDir
    Path dir;

    @Test
    void everySpanComesOutExactlyOnceWhileInstancesJoinAndLeave() throws Exception {
        Instant started = Instant.now();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Path[] configs = new Path[3];
            for (int i = 0; i < 3; i++) {
                Path instanceDir = Files.createDirectories(dir.resolve("instance-" + i));
                configs[i] = PipelineProcess.writeConfig(instanceDir, CrashRestartIT.config(broker.bootstrapServers(),
                        instanceDir.resolve("state"), 6, "num.standby.replicas: 1"));
            }
            TracepipeConfig cfg = ConfigLoader.load(configs[0]);
            Map<String, Object> client = StreamsProperties.client(cfg);
            TopicCreator.createMissing(client, cfg.topics());

            PipelineProcess first = PipelineProcess.start(configs[0]);
            PipelineProcess second = PipelineProcess.start(configs[1]);
            PipelineProcess third = null;
            try {
                first.awaitRunning(Duration.ofSeconds(90));
                second.awaitRunning(Duration.ofSeconds(90));
                Set<String> sent;
                try (Traffic traffic = Traffic.start(client, cfg.topics().names().input(), CrashRestartIT.traffic(5), CrashRestartIT.FAULTS)) {
                    Thread.sleep(6_000);
                    third = PipelineProcess.start(configs[2]);
                    third.awaitRunning(Duration.ofSeconds(90));
                    Thread.sleep(6_000);
                    first.kill();
                    Thread.sleep(10_000);
                    second.terminate();
                    Thread.sleep(8_000);
                    sent = traffic.stop();
                }
                ExactlyOnce.Tally tally = ExactlyOnce.sampledTraces(broker.bootstrapServers(), cfg.topics().names().sampledTraces(), sent,
                        Duration.ofMinutes(2), Duration.ofSeconds(5));
                Map<String, List<Alert>> alerts = ExactlyOnce.alertChanges(broker.bootstrapServers(), cfg.topics().names().alerts(),
                        Duration.ofSeconds(3));
                int repeated = ExactlyOnce.repeatedAlertChanges(alerts);
                Figures.record("RebalanceIT", started, "2 instances, a 3rd joins, kill -9 of the 1st, SIGTERM of the 2nd", tally,
                        "alert state changes " + ExactlyOnce.count(alerts) + ", repeated " + repeated);

                assertThat(third.isAlive()).as("the last instance runs").isTrue();
                tally.assertExactlyOnce();
                assertThat(repeated).as("alert state changes that repeat the previous one: %s", alerts).isZero();
            } finally {
                first.close();
                second.close();
                if (third != null) {
                    third.close();
                }
            }
        }
    }
}
