package io.tracepipe.anomaly.health;

/** The per-span instrumentation rates a rule can alert on: the share of its matching spans a check flagged. */
public enum HealthMetric {
    /** Spans whose parent never arrived. */
    ORPHAN_RATE("orphan_rate", "orphan spans"),
    /** Spans that start before their cross-service parent or end after it by more than the tolerance. */
    SKEWED_SPAN_RATE("skewed_span_rate", "skewed spans"),
    /** Client spans that retry an earlier failed call, or say they are a resend. */
    RETRY_RATE("retry_rate", "retried calls");

    private final String key;
    private final String label;

    HealthMetric(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name in rules files. */
    public String key() {
        return key;
    }

    /** How alert summaries name what is counted. */
    public String label() {
        return label;
    }

    /** The metric named {@code key} in rules files, or null. */
    public static HealthMetric byKey(String key) {
        for (HealthMetric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }
}
