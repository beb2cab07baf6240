package io.tracepipe.anomaly.rules;

/** The window metric an adaptive baseline learns. */
public enum BaselineMetric {
    /** The window's p95 latency, in seconds. */
    P95_LATENCY("p95_latency"),
    /** The window's fraction of errored spans. */
    ERROR_RATE("error_rate");

    private final String label;

    BaselineMetric(String label) {
        this.label = label;
    }

    /** The name as written in rules. */
    public String label() {
        return label;
    }

    /** The metric written {@code label}, or null when there is none. */
    public static BaselineMetric fromLabel(String label) {
        for (BaselineMetric m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        return null;
    }
}
