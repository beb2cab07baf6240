package io.tracepipe.anomaly.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How the instrumentation checks run ({@code instrumentation-health:} in the configuration).
 *
 * @param enabled whether every assembled trace is checked
 * @param skewTolerance how far a child may stick out of its cross-service parent before its clock counts as skewed
 * @param maxKeys the most services, service pairs and (service, attribute key) pairs tracked per task and category
 * @param cardinalityPeriod how long distinct attribute values are counted before a new count starts
 * @param cardinalityThreshold the fewest distinct values for an attribute key to be reported
 */
public record HealthSettings(boolean enabled, Duration skewTolerance, int maxKeys, Duration cardinalityPeriod, long cardinalityThreshold) {
    public static final HealthSettings DEFAULTS = new HealthSettings(true, Duration.ofMillis(1), 1000, Duration.ofMinutes(5), 1000);
    public static final HealthSettings DISABLED = new HealthSettings(false, DEFAULTS.skewTolerance, DEFAULTS.maxKeys,
            DEFAULTS.cardinalityPeriod, DEFAULTS.cardinalityThreshold);

    public HealthSettings {
        Objects.requireNonNull(skewTolerance, "skewTolerance");
        Objects.requireNonNull(cardinalityPeriod, "cardinalityPeriod");
        if (skewTolerance.isNegative()) {
            throw new IllegalArgumentException("skew tolerance must be >= 0: " + skewTolerance);
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("max keys must be >= 1: " + maxKeys);
        }
        if (cardinalityPeriod.toMillis() < 1) {
            throw new IllegalArgumentException("cardinality period must be at least 1 ms: " + cardinalityPeriod);
        }
        if (cardinalityThreshold < 1) {
            throw new IllegalArgumentException("cardinality threshold must be >= 1: " + cardinalityThreshold);
        }
    }

    public HealthSettings withCardinalityThreshold(long threshold) {
        return new HealthSettings(enabled, skewTolerance, maxKeys, cardinalityPeriod, threshold);
    }

    /** A fresh ledger for one task. */
    public HealthLedger newLedger() {
        return new HealthLedger(maxKeys, cardinalityPeriod);
    }
}
