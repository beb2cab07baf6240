package io.tracepipe.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamsReadinessTest {
    private static final String THREAD_CONSUMER = "tracepipe-7f3c-StreamThread-1-consumer";

    private final Metrics metrics = new Metrics();
    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.RUNNING);
    private final StreamsReadiness readiness = new StreamsReadiness(state::get, metrics::metrics, Duration.ofSeconds(6));

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    private AtomicLong heartbeatAgo(String clientId) {
        AtomicLong seconds = new AtomicLong();
        metrics.addMetric(metrics.metricName(StreamsReadiness.HEARTBEAT_METRIC, "consumer-coordinator-metrics", "", Map.of("client-id", clientId)),
                (Measurable) (config, now) -> seconds.get());
        return seconds;
    }

    @Test
    void readyWhileRunningAndHeartbeating() {
        heartbeatAgo(THREAD_CONSUMER).set(2);

        assertThat(readiness.isReady()).isTrue();
        assertThat(readiness.problem()).isNull();
    }

    @Test
    void notReadyWhenRunningButAConsumerHasBeenSilentLongerThanTheSessionTimeout() {
        AtomicLong first = heartbeatAgo(THREAD_CONSUMER);
        heartbeatAgo("tracepipe-7f3c-StreamThread-2-consumer").set(1);
        first.set(7);

        assertThat(readiness.isReady()).as("the broker is out of reach although the client is RUNNING").isFalse();
        assertThat(readiness.problem()).isEqualTo(THREAD_CONSUMER + " has not reached the group coordinator for 7 s");

        first.set(0);
        assertThat(readiness.isReady()).as("ready again once heartbeats go through").isTrue();
    }

    @Test
    void silenceUpToTheSessionTimeoutIsStillContact() {
        heartbeatAgo(THREAD_CONSUMER).set(6);

        assertThat(readiness.isReady()).isTrue();
    }

    @Test
    void aConsumerThatHasNotHeartbeatYetCountsAsInContact() {
        heartbeatAgo(THREAD_CONSUMER).set(-1);

        assertThat(readiness.isReady()).isTrue();
    }

    @Test
    void onlyTheStreamThreadsMainConsumersCount() {
        heartbeatAgo("tracepipe-7f3c-StreamThread-1-restore-consumer").set(600);
        heartbeatAgo("some-admin").set(600);

        assertThat(readiness.isReady()).isTrue();
    }

    @Test
    void notReadyUnlessRunning() {
        heartbeatAgo(THREAD_CONSUMER).set(0);
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            state.set(s);

            assertThat(readiness.isReady()).as("%s", s).isEqualTo(s == KafkaStreams.State.RUNNING);
        }
        state.set(KafkaStreams.State.REBALANCING);
        assertThat(readiness.problem()).isEqualTo("streams client is REBALANCING");
    }

    @Test
    void silenceIsJudgedAgainstTheMainConsumersSessionTimeout() {
        Properties p = new Properties();
        assertThat(StreamsReadiness.sessionTimeout(p)).as("Kafka's default").isEqualTo(Duration.ofSeconds(45));
        p.put("session.timeout.ms", "6000");
        assertThat(StreamsReadiness.sessionTimeout(p)).isEqualTo(Duration.ofSeconds(6));
        p.put("consumer.session.timeout.ms", 8000);
        assertThat(StreamsReadiness.sessionTimeout(p)).isEqualTo(Duration.ofSeconds(8));
        p.put("main.consumer.session.timeout.ms", "9000");
        assertThat(StreamsReadiness.sessionTimeout(p)).isEqualTo(Duration.ofSeconds(9));
    }
}
