package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.TraceMix;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes under load: the pipeline runs in a child JVM that is killed with SIGKILL over and over
 * while traffic flows (sometimes while it is still restoring its state, mostly while it runs) and
 * restarted on the same state directory each time. A read_committed consumer then finds every
 * span sent in exactly one emitted trace, and no alert state change twice in a row.
 * {@code -Dreliability.kills=N} (default 5), {@code -Dreliability.rate=TRACES_PER_S} (default 15).
 */
class CrashRestartIT {
    static final String RULES = """
            rules:
              - name: reserve-errors
                severity: critical
                match: { service: inventory, operation: POST /reserve, kind: server }
                error_rate: { above: 0.2 }
                window: 5s
                min_count: 3
                resolve_after: 1
            """;
    /** Inventory's reservations fail for 8 s out of every 20 s: alerts fire and resolve again and again. */
    static final FaultSchedule FAULTS = FaultSchedule.parse("errors inventory POST /reserve 60% from 4s for 8s; period 20s");

    @TempDir
    Path dir;

    /** A pipeline configuration for the fault tests: short gaps and timeouts, so that they run in seconds. */
    static String config(String bootstrap, Path stateDir, int partitions, String extraKafkaProperties) {
        return """
                kafka:
                  bootstrap-servers: %s
                  state-dir: %s
                  properties:
                    commit.interval.ms: 200
                    session.timeout.ms: 6000
                    heartbeat.interval.ms: 1000
                %s
                topics:
                  partitions: %d
                http:
                  port: 0
                assembly:
                  inactivity-gap: 2s
                  punctuate-interval: 250ms
                alerting:
                  window-grace: 3s
                  flush-interval: 500ms
                """.formatted(bootstrap, stateDir, extraKafkaProperties.indent(4).stripTrailing(), partitions) + RULES;
    }

    static GeneratorSettings traffic(long seed) {
        // No bulk checkouts: hundreds of spans each, they would dominate a short run.
        return GeneratorSettings.defaults(seed).withTracesPerSecond(Figures.knob("rate", 15)).withNaturalFailureRate(0)
                .withMix(new TraceMix(0.45, 0.35, 0.2, 0));
    }

    @Test
    void everySpanComesOutExactlyOnceAcrossRepeatedKills() throws Exception {
        Instant started = Instant.now();
        int kills = Figures.knob("kills", 5);
        Random random = new Random(kills);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Path configFile = PipelineProcess.writeConfig(dir, config(broker.bootstrapServers(), dir.resolve("state"), 4, ""));
            TracepipeConfig cfg = ConfigLoader.load(configFile);
            Map<String, Object> client = StreamsProperties.client(cfg);
            TopicCreator.createMissing(client, cfg.topics());

            PipelineProcess pipeline = PipelineProcess.start(configFile);
            List<Long> restartSeconds = new ArrayList<>();
            int killedBeforeRunning = 0;
            Set<String> sent;
            try (Traffic traffic = Traffic.start(client, cfg.topics().names().input(), traffic(kills), FAULTS)) {
                pipeline.awaitRunning(Duration.ofSeconds(90));
                for (int kill = 1; kill <= kills; kill++) {
                    if (kill % 3 == 0) {
                        // right after the start: while it restores its state or joins the group
                        Thread.sleep(500 + random.nextInt(2_500));
                        killedBeforeRunning += pipeline.lines().stream().anyMatch(l -> l.contains("-> RUNNING")) ? 0 : 1;
                    } else {
                        pipeline.awaitRunning(Duration.ofSeconds(90));
                        Thread.sleep(2_000 + random.nextInt(4_000));
                    }
                    pipeline.kill();
                    Instant restart = Instant.now();
                    pipeline = PipelineProcess.start(configFile);
                    if (kill % 3 != 2) {
                        pipeline.awaitRunning(Duration.ofSeconds(90));
                        restartSeconds.add(Duration.between(restart, Instant.now()).toSeconds());
                    }
                }
                pipeline.awaitRunning(Duration.ofSeconds(90));
                Thread.sleep(4_000);
                sent = traffic.stop();
            }
            try {
                ExactlyOnce.Tally tally = ExactlyOnce.sampledTraces(broker.bootstrapServers(), cfg.topics().names().sampledTraces(), sent,
                        Duration.ofMinutes(2), Duration.ofSeconds(5));
                Map<String, List<Alert>> alerts = ExactlyOnce.alertChanges(broker.bootstrapServers(), cfg.topics().names().alerts(),
                        Duration.ofSeconds(3));
                int repeated = ExactlyOnce.repeatedAlertChanges(alerts);
                Figures.record("CrashRestartIT", started, kills + " x kill -9 (" + killedBeforeRunning + " before RUNNING)", tally,
                        "alert state changes " + ExactlyOnce.count(alerts) + ", repeated " + repeated + "; restart to RUNNING "
                                + restartSeconds + " s");

                assertThat(pipeline.isAlive()).as("the last instance runs").isTrue();
                tally.assertExactlyOnce();
                assertThat(repeated).as("alert state changes that repeat the previous one: %s", alerts).isZero();
                assertThat(alerts.values().stream().flatMap(List::stream).filter(a -> a.status() == AlertStatus.FIRING))
                        .as("the faults made alerts fire").isNotEmpty();
            } finally {
                pipeline.close();
            }
        }
    }
}
