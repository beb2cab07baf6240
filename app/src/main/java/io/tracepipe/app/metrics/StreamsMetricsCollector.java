package io.tracepipe.app.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.tracepipe.topology.PipelineSensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Exposes the Kafka Streams client's metrics (consumer lag, commit and process rates, RocksDB,
 * ...) as Prometheus gauges named {@code kafka_<group>_<name>}, and tracepipe's own per-task
 * counters summed over tasks as {@code tracepipe_<name>_total}.
 */
public final class StreamsMetricsCollector implements MultiCollector {
    private static final String TOTAL = "-total";
    private static final String TASK_ID = "task-id";

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;

    /** @param metrics the client's current metrics, e.g. {@code kafkaStreams::metrics} */
    public StreamsMetricsCollector(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Map<Labels, Double>> gauges = new TreeMap<>();
        Map<String, Map<Labels, Double>> counters = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
            if (!(e.getValue().metricValue() instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                continue;
            }
            MetricName name = e.getKey();
            if (name.group().equals(PipelineSensors.GROUP)) {
                if (name.name().endsWith(TOTAL)) {
                    String family = sanitize("tracepipe_" + name.name().substring(0, name.name().length() - TOTAL.length()));
                    counters.computeIfAbsent(family, f -> new LinkedHashMap<>())
                            .merge(labels(name.tags(), true), number.doubleValue(), Double::sum);
                }
                continue;
            }
            String family = sanitize("kafka_" + name.group() + "_" + name.name());
            gauges.computeIfAbsent(family, f -> new LinkedHashMap<>()).merge(labels(name.tags(), false), number.doubleValue(), (a, b) -> b);
        }
        List<MetricSnapshot> out = new ArrayList<>();
        counters.forEach((family, points) -> {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(family).help("tracepipe pipeline counter, summed over tasks");
            points.forEach((labels, value) -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build()));
            out.add(b.build());
        });
        gauges.forEach((family, points) -> {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(family).help("Kafka Streams client metric");
            points.forEach((labels, value) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
            out.add(b.build());
        });
        return new MetricSnapshots(out);
    }

    private static Labels labels(Map<String, String> tags, boolean dropTask) {
        Labels.Builder b = Labels.builder();
        new TreeMap<>(tags).forEach((k, v) -> {
            if (!(dropTask && k.equals(TASK_ID))) {
                b.label(sanitize(k), v);
            }
        });
        return b.build();
    }

    private static String sanitize(String name) {
        return PrometheusNaming.sanitizeMetricName(name.replace('-', '_').replace('.', '_'));
    }
}
