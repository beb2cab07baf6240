package io.tracepipe.app.kafka;

import io.tracepipe.topology.decode.InputLag;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * How far the Streams consumers are from the end of an input partition, from their own fetch
 * metrics ({@code consumer-fetch-manager-metrics}, {@code records-lag}, tagged topic and partition):
 * what tells a decode task that its quiet partition is read to the end rather than waiting for a
 * fetch. Not known (negative) before the first fetch of the partition, or before the client exists.
 */
final class ConsumerLag implements InputLag {
    private static final String GROUP = "consumer-fetch-manager-metrics";
    private static final String RECORDS_LAG = "records-lag";

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;

    /** @param metrics the Streams client's metrics (its consumers' included), or null while there is no client yet */
    ConsumerLag(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
    }

    @Override
    public long recordsBehind(String topic, int partition) {
        Map<MetricName, ? extends Metric> all = metrics.get();
        if (all == null) {
            return -1;
        }
        String partitionTag = Integer.toString(partition);
        long behind = -1;
        for (Map.Entry<MetricName, ? extends Metric> e : all.entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals(RECORDS_LAG) && name.group().equals(GROUP) && topic.equals(name.tags().get("topic"))
                    && partitionTag.equals(name.tags().get("partition")) && e.getValue().metricValue() instanceof Number lag) {
                double value = lag.doubleValue();
                if (!Double.isNaN(value)) {
                    behind = Math.max(behind, (long) value);
                }
            }
        }
        return behind;
    }
}
