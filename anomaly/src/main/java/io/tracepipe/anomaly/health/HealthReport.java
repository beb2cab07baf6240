package io.tracepipe.anomaly.health;

import java.time.Duration;
import java.util.List;

/**
 * What the instrumentation checks found so far, worst offenders first in each category, each
 * with an example trace id.
 *
 * @param traces traces checked
 * @param spans spans checked
 * @param cardinality (service, key) pairs at or above the report's threshold of distinct values,
 *     over the current and the previous {@code cardinalityPeriod}
 * @param cappedAttributeValues attribute values not counted because their pair came after the cap
 */
public record HealthReport(
        long traces,
        long spans,
        List<OrphanRow> orphans,
        List<RootRow> multipleRoots,
        List<SkewRow> skew,
        List<RetryRow> retries,
        List<AttributeCardinality.Row> cardinality,
        long cappedAttributeValues,
        Duration cardinalityPeriod) {

    public HealthReport {
        orphans = List.copyOf(orphans);
        multipleRoots = List.copyOf(multipleRoots);
        skew = List.copyOf(skew);
        retries = List.copyOf(retries);
        cardinality = List.copyOf(cardinality);
    }

    /** Whether any check found anything. */
    public boolean isClean() {
        return orphans.isEmpty() && multipleRoots.isEmpty() && skew.isEmpty() && retries.isEmpty() && cardinality.isEmpty();
    }

    /**
     * Orphan spans of one service, by the service that most likely lost their parent ("unknown" when it cannot be told).
     *
     * @param serviceSpans every span checked of that service, for the rate
     */
    public record OrphanRow(String service, String caller, long orphanSpans, long serviceSpans, String exampleTraceId) {
        public double rate() {
            return serviceSpans == 0 ? 0 : (double) orphanSpans / serviceSpans;
        }
    }

    /** Traces with more than one root, by the service of an extra root. */
    public record RootRow(String service, long traces, String exampleTraceId) {}

    /**
     * Skewed children by (parent service, child service).
     *
     * @param meanOffsetNanos the child clock's mean estimated offset (positive: ahead of the parent's)
     * @param worstOffsetNanos the offset of largest magnitude, that of the example trace
     */
    public record SkewRow(String parentService, String childService, long skewedSpans, long meanOffsetNanos,
            long worstOffsetNanos, String exampleTraceId) {}

    /** Retried calls by (client service, server service); {@code declared} of them said so in their attributes. */
    public record RetryRow(String client, String server, long retries, long declared, String exampleTraceId) {}
}
