package io.tracepipe.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.Value;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

    @Test
    void readsTheRecordsLagOfThePartitionFromTheConsumersFetchMetrics() {
        try (Metrics metrics = new Metrics()) {
            lag(metrics, "main-consumer", "otlp_spans", "0", 0);
            lag(metrics, "main-consumer", "otlp_spans", "1", 1_234);
            lag(metrics, "restore-consumer", "app-changelog", "0", 99);
            ConsumerLag lag = new ConsumerLag(metrics::metrics);

            assertThat(lag.recordsBehind("otlp_spans", 0)).isZero();
            assertThat(lag.recordsBehind("otlp_spans", 1)).isEqualTo(1_234);
            assertThat(lag.recordsBehind("otlp_spans", 2)).as("not fetched yet").isNegative();
        }
    }

    @Test
    void withoutAClientNothingIsKnown() {
        assertThat(new ConsumerLag(() -> null).recordsBehind("otlp_spans", 0)).isNegative();
    }

    private static void lag(Metrics metrics, String client, String topic, String partition, double value) {
        MetricName name = metrics.metricName("records-lag", "consumer-fetch-manager-metrics",
                Map.of("client-id", client, "topic", topic, "partition", partition));
        metrics.sensor(client + topic + partition).add(name, new Value());
        metrics.sensor(client + topic + partition).record(value);
    }
}
