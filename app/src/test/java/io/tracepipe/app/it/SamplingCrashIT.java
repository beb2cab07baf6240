package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.ingest.Ids;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes in the middle of a latency fault, with the sampling policies a user starts with (errors,
 * slow at 1 s, alert exemplars, 10 %) and Kafka's default session timeout (45 s): the pipeline's
 * only instance is killed with SIGKILL while slow traces are being written and restarted on the
 * same state directory, once at once (a supervisor's restart: the time until it reads input again
 * is measured) and once after 20 s (it then catches up on what was written meanwhile). Every slow and every failed trace must then be in the sampled topic whole
 * (a trace cut by the crash whose first part matched no policy must not lose its slow part), and no
 * span twice. Prints how long the restarted instance took to be RUNNING and to read input again (target: under
 * 15 s after a kill, printed rather than asserted: a wall-clock figure of a shared machine).
 * {@code -Dreliability.rate=TRACES_PER_S} (default 15); {@code -Dreliability.group-instance-id=none}
 * measures the same crash with dynamic group membership.
 */
class SamplingCrashIT {
    static final String SAMPLING = """
            sampling:
              policies:
                - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
                - { name: slow, type: latency, latency: { threshold: 1s } }
                - { name: alert-evidence, type: alert_exemplar }
                - { name: baseline, type: probabilistic, probabilistic: { sampling_percentage: 10 } }
            """;
    /** Payments take 1.2 s longer from 3 s to 33 s of every 40 s, and reservations fail in between. */
    static final FaultSchedule FAULTS = FaultSchedule.parse(
            "latency payment POST /charge +1200ms from 3s for 30s; errors inventory POST /reserve 60% from 10s for 8s; period 40s");
    private static final Duration SLOW = Duration.ofSeconds(1);
    /** How long the instance stays dead in the second crash. */
    private static final Duration DOWN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    static String config(String bootstrap, Path stateDir, String groupInstanceId) {
        // Kafka's default session timeout, unlike the other fault tests: the restart must not have to wait it out.
        return """
                kafka:
                  bootstrap-servers: %s
                  state-dir: %s
                  group-instance-id: %s
                  properties:
                    commit.interval.ms: 200
                topics:
                  partitions: 4
                http:
                  port: 0
                assembly:
                  inactivity-gap: 2s
                  punctuate-interval: 250ms
                alerting:
                  window-grace: 3s
                  flush-interval: 500ms
                """.formatted(bootstrap, stateDir, groupInstanceId) + SAMPLING + CrashRestartIT.RULES;
    }

    @Test
    void everySlowAndFailedTraceIsKeptWholeAcrossAKillDuringALatencyFault() throws Exception {
        Instant started = Instant.now();
        String membership = System.getProperty("reliability.group-instance-id", "auto");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Path configFile = PipelineProcess.writeConfig(dir, config(broker.bootstrapServers(), dir.resolve("state"), membership));
            TracepipeConfig cfg = ConfigLoader.load(configFile);
            Map<String, Object> client = StreamsProperties.client(cfg);
            TopicCreator.createMissing(client, cfg.topics());

            PipelineProcess pipeline = PipelineProcess.start(configFile);
            Duration toRunning;
            Duration toReading;
            Duration lateToReading;
            Duration restartToReading;
            Map<String, SentTrace> sent;
            try (Traffic traffic = Traffic.start(client, cfg.topics().names().input(), CrashRestartIT.traffic(16), FAULTS)) {
                Instant trafficStarted = Instant.now();
                pipeline.awaitRunning(Duration.ofSeconds(90));
                // The latency fault is on from 3 s to 33 s of every 40 s of traffic: kill in its middle, while slow traces are open,
                // and restart at once, as a supervisor would.
                sleepUntil(trafficStarted.plusSeconds(15));
                pipeline.kill();
                Instant killed = Instant.now();
                pipeline = PipelineProcess.start(configFile);
                awaitSpansIn(pipeline.httpPort(Duration.ofSeconds(60)), Duration.ofMinutes(2));
                toReading = Duration.between(killed, Instant.now());
                pipeline.awaitRunning(Duration.ofSeconds(90));
                toRunning = Duration.between(killed, pipeline.runningAt());
                // In the next fault, a crash whose restart comes late: the instance catches up on what was written meanwhile.
                sleepUntil(trafficStarted.plusSeconds(52));
                pipeline.kill();
                Instant killedAgain = Instant.now();
                Thread.sleep(DOWN.toMillis());
                Instant restarted = Instant.now();
                pipeline = PipelineProcess.start(configFile);
                awaitSpansIn(pipeline.httpPort(Duration.ofSeconds(60)), Duration.ofMinutes(2));
                lateToReading = Duration.between(killedAgain, Instant.now());
                restartToReading = Duration.between(restarted, Instant.now());
                pipeline.awaitRunning(Duration.ofSeconds(90));
                Thread.sleep(25_000);
                traffic.stop();
                sent = traffic.traces();
            }
            try {
                List<SentTrace> mustKeep = sent.values().stream().filter(t -> t.failed() || t.duration().compareTo(SLOW) >= 0).toList();
                Map<String, Integer> seen = spansInSampledTopic(broker.bootstrapServers(), cfg.topics().names().sampledTraces(), mustKeep);
                List<String> notWhole = mustKeep.stream().filter(t -> !t.spans().stream().allMatch(seen::containsKey))
                        .map(t -> t.traceId() + (t.failed() ? " failed" : "") + " " + t.duration().toMillis() + " ms, "
                                + t.spans().stream().filter(seen::containsKey).count() + "/" + t.spans().size() + " spans out")
                        .toList();
                long duplicated = seen.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
                long slow = mustKeep.stream().filter(t -> t.duration().compareTo(SLOW) >= 0).count();
                long failed = mustKeep.stream().filter(SentTrace::failed).count();
                String figures = "2 x kill -9 during a latency fault (restarted at once, and after " + DOWN.toSeconds() + " s; group membership " + membership + ", session timeout 45 s); traces sent "
                        + sent.size() + ", slow " + slow + ", failed " + failed + "; slow or failed traces not whole in the sampled topic "
                        + notWhole.size() + ", spans out twice " + duplicated + "; kill to reading input again "
                        + toReading.toMillis() + " ms, kill to RUNNING " + toRunning.toMillis() + " ms; restarted after "
                        + DOWN.toSeconds() + " s: kill to reading input again " + lateToReading.toMillis() + " ms (restart to reading "
                        + restartToReading.toMillis() + " ms)";
                System.out.println("RELIABILITY " + Instant.now() + " SamplingCrashIT: " + figures + "; took "
                        + Duration.between(started, Instant.now()).toSeconds() + " s");
                assertThat(pipeline.isAlive()).as("the restarted instance runs").isTrue();
                assertThat(slow).as("the latency fault made slow traces").isPositive();
                assertThat(failed).as("the error fault made failed traces").isPositive();
                assertThat(notWhole).as("slow or failed traces not whole in the sampled topic").isEmpty();
                assertThat(duplicated).as("spans in the sampled topic more than once").isZero();
            } finally {
                pipeline.close();
            }
        }
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), at).toMillis()));
    }

    /** Waits until the process's {@code tracepipe_spans_in_total} is above zero: it decodes input again. */
    private static void awaitSpansIn(int port, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                double spans = Http.metric(Http.body("http://localhost:" + port + "/metrics"), "tracepipe_spans_in_total");
                if (spans > 0) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the endpoint is not up yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the restarted pipeline read no input within " + timeout);
    }

    /** How often each span of the traces that must be kept is in the sampled topic (read_committed, then a few seconds more). */
    private static Map<String, Integer> spansInSampledTopic(String bootstrap, String topic, List<SentTrace> mustKeep) {
        Map<String, Integer> seen = new HashMap<>();
        java.util.Set<String> expected = mustKeep.stream().flatMap(t -> t.spans().stream()).collect(Collectors.toSet());
        Instant[] allSeenAt = {null};
        int[] counted = {0};
        TopicReader.readUntil(bootstrap, topic, Duration.ofMinutes(2), records -> {
            records.subList(counted[0], records.size()).forEach(rec -> count(rec, seen));
            counted[0] = records.size();
            if (allSeenAt[0] == null && seen.keySet().containsAll(expected)) {
                allSeenAt[0] = Instant.now();
            }
            return allSeenAt[0] != null && Instant.now().isAfter(allSeenAt[0].plusSeconds(5));
        });
        return seen;
    }

    private static void count(ConsumerRecord<byte[], byte[]> rec, Map<String, Integer> seen) {
        String key = new String(rec.key(), StandardCharsets.UTF_8);
        try {
            TracesData.parseFrom(rec.value()).getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss ->
                    ss.getSpansList().forEach(s -> seen.merge(Ids.toHex(s.getSpanId().toByteArray()) + "@" + key, 1, Integer::sum))));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the sampled topic holds a record that is not TracesData", e);
        }
    }
}
