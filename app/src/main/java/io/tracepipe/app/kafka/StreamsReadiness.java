package io.tracepipe.app.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Whether the pipeline can make progress, for {@code /readyz}: the streams client is RUNNING
 * <em>and</em> every stream thread's consumer still reaches the group coordinator. The client
 * stays RUNNING while the brokers are unreachable (it waits and retries), so the state alone
 * would report ready through an outage; the consumers' {@code last-heartbeat-seconds-ago}
 * metric tells, since a consumer that cannot reach its coordinator stops sending heartbeats.
 * A consumer that has not sent its first heartbeat yet (just after a rebalance) counts as in
 * contact: it has just joined the group.
 */
public final class StreamsReadiness {
    static final String HEARTBEAT_METRIC = "last-heartbeat-seconds-ago";
    private static final String COORDINATOR_GROUP_SUFFIX = "coordinator-metrics";
    private static final String CLIENT_ID = "client-id";
    private static final String MAIN_CONSUMER_SUFFIX = "-consumer";
    private static final String RESTORE_CONSUMER_SUFFIX = "-restore-consumer";
    private static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMillis(45_000);

    private final Supplier<KafkaStreams.State> state;
    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final Duration maxSilence;

    /**
     * @param state the client's state, e.g. {@code kafkaStreams::state}
     * @param metrics the client's metrics, e.g. {@code kafkaStreams::metrics}
     * @param maxSilence how long a consumer may go without a heartbeat before the instance counts as cut off
     */
    public StreamsReadiness(Supplier<KafkaStreams.State> state, Supplier<Map<MetricName, ? extends Metric>> metrics, Duration maxSilence) {
        this.state = state;
        this.metrics = metrics;
        this.maxSilence = maxSilence;
    }

    /** Readiness of a client configured with {@code streamsProperties}: silence is judged against its session timeout. */
    public static StreamsReadiness of(KafkaStreams streams, Properties streamsProperties) {
        return new StreamsReadiness(streams::state, streams::metrics, sessionTimeout(streamsProperties));
    }

    /** The main consumer's {@code session.timeout.ms} as Streams resolves it (a consumer-prefixed value wins). */
    static Duration sessionTimeout(Properties p) {
        Object value = p.get(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        if (value == null) {
            value = p.get(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        }
        if (value == null) {
            value = p.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        }
        return value == null ? DEFAULT_SESSION_TIMEOUT : Duration.ofMillis(Long.parseLong(value.toString().trim()));
    }

    public boolean isReady() {
        return problem() == null;
    }

    /** Why the instance is not ready, or null when it is; for the body of {@code /readyz}. */
    public String problem() {
        KafkaStreams.State now = state.get();
        if (now != KafkaStreams.State.RUNNING) {
            return "streams client is " + now;
        }
        return silentConsumer();
    }

    private String silentConsumer() {
        double limitSeconds = maxSilence.toMillis() / 1000.0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
            MetricName name = e.getKey();
            if (!name.name().equals(HEARTBEAT_METRIC) || !name.group().endsWith(COORDINATOR_GROUP_SUFFIX) || !isMainConsumer(name)) {
                continue;
            }
            if (e.getValue().metricValue() instanceof Number seconds && seconds.doubleValue() > limitSeconds) {
                return name.tags().get(CLIENT_ID) + " has not reached the group coordinator for " + seconds.longValue() + " s";
            }
        }
        return null;
    }

    private static boolean isMainConsumer(MetricName name) {
        String clientId = name.tags().get(CLIENT_ID);
        return clientId != null && clientId.endsWith(MAIN_CONSUMER_SUFFIX) && !clientId.endsWith(RESTORE_CONSUMER_SUFFIX);
    }
}
