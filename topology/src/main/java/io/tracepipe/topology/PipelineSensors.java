package io.tracepipe.topology;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Counters of the pipeline, registered with Kafka Streams' own metrics (group
 * {@code stream-tracepipe-metrics}, one {@code NAME-total} and {@code NAME-rate} per task, tagged {@code task-id}), so
 * they are exported wherever the Streams client metrics go.
 */
public final class PipelineSensors {
    public static final String SCOPE = "tracepipe";
    public static final String GROUP = "stream-" + SCOPE + "-metrics";

    public static final String SPANS_IN = "spans-in";
    public static final String DEAD_LETTER_RECORDS = "dead-letter-records";
    public static final String INVALID_SPANS = "invalid-spans";
    public static final String TRACES_ASSEMBLED = "traces-assembled";
    public static final String SPANS_ASSEMBLED = "spans-assembled";
    public static final String LATE_SPANS = "late-spans";
    public static final String DUPLICATE_SPANS = "duplicate-spans";
    public static final String TRUNCATED_TRACES = "truncated-traces";
    public static final String MISSING_FRAGMENTS = "missing-fragments";
    public static final String LATE_WINDOW_SPANS = "late-window-spans";
    public static final String UNKNOWN_RULE_PARTIALS = "unknown-rule-spans";
    /** Attribute values of judged windows that did not fit an explanation's bounded counters. */
    public static final String CAPPED_ATTRIBUTE_VALUES = "explanation-capped-values";
    public static final String SAMPLED_TRACES = "sampled-traces";
    public static final String DROPPED_TRACES = "dropped-traces";
    /** Late parts, tagged {@code cause} ({@code LateCause}): why the trace had been cut. */
    public static final String LATE_PARTS = "late-parts";
    /** Traces completed while the lag bound, not every upstream partition, had moved the watermark past them. */
    public static final String LAG_BOUND_COMPLETIONS = "lag-bound-completions";
    /** Traces decided on again, whole, when a late part came; tagged {@code policy} and {@code outcome} (kept, dropped). */
    public static final String REDECIDED_TRACES = "redecided-traces";

    private PipelineSensors() {}

    /**
     * A per-task counter of amounts (spans, records): {@code record(n)} adds n. Registering it again
     * (a task re-created on the same client) returns the same sensor and metrics.
     */
    public static Sensor counter(ProcessorContext<?, ?> context, String name) {
        return counter(context, name, Map.of());
    }

    /** A per-task counter with extra tags, e.g. the sampling policy that kept a trace. */
    public static Sensor counter(ProcessorContext<?, ?> context, String name, Map<String, String> extraTags) {
        String task = context.taskId().toString();
        Map<String, String> tags = new java.util.TreeMap<>(extraTags);
        tags.put("task-id", task);
        Sensor sensor = context.metrics().addSensor(SCOPE + "." + task + "." + name + "." + tags, Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(name + "-total", GROUP, "total " + name, tags), new CumulativeSum());
        sensor.add(new MetricName(name + "-rate", GROUP, name + " per second", tags), new Rate());
        return sensor;
    }
}
