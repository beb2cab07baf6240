package io.tracepipe.anomaly.rules;

/** The latency statistics a latency condition can look at. */
public enum Percentile {
    P50("p50", 0.50),
    P75("p75", 0.75),
    P90("p90", 0.90),
    P95("p95", 0.95),
    P99("p99", 0.99),
    P99_9("p99.9", 0.999),
    MAX("max", 1.0);

    private final String label;
    private final double quantile;

    Percentile(String label, double quantile) {
        this.label = label;
        this.quantile = quantile;
    }

    /** The name as written in rules, e.g. {@code p99.9}. */
    public String label() {
        return label;
    }

    /** The quantile in [0, 1]; 1 for {@link #MAX}. */
    public double quantile() {
        return quantile;
    }

    /** The percentile written {@code label}, or null when there is none. */
    public static Percentile fromLabel(String label) {
        for (Percentile p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        return null;
    }
}
