package io.tracepipe.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracepipe.topology.PipelineSensors;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Value;
import org.junit.jupiter.api.Test;

class StreamsMetricsCollectorTest {

    @Test
    void sumsPipelineCountersOverTasksAndExposesClientMetricsAsGauges() {
        try (Metrics kafka = new Metrics()) {
            for (String task : new String[] {"0_0", "0_1"}) {
                Sensor s = kafka.sensor("spans-" + task);
                s.add(new MetricName(PipelineSensors.SPANS_IN + "-total", PipelineSensors.GROUP, "", Map.of("task-id", task)), new CumulativeSum());
                s.record(task.equals("0_0") ? 5 : 7);
            }
            Sensor lag = kafka.sensor("lag");
            lag.add(new MetricName("records-lag-max", "consumer-fetch-manager-metrics", "", Map.of("client-id", "c1")), new Value());
            lag.record(42);

            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new StreamsMetricsCollector(kafka::metrics));
            String text = ExpositionFormats.init().getPrometheusTextFormatWriter().toDebugString(registry.scrape());

            assertThat(text).contains("tracepipe_spans_in_total 12.0");
            assertThat(text).contains("kafka_consumer_fetch_manager_metrics_records_lag_max{client_id=\"c1\"} 42.0");
        }
    }
}
