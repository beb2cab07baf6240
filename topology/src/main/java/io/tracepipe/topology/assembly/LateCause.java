package io.tracepipe.topology.assembly;

/** Why a trace got a late part: only {@link #LATE_SPAN} means a span genuinely came late. */
public enum LateCause {
    /** The span's record arrived in Kafka more than the inactivity gap after the trace's last span. */
    LATE_SPAN("late-span"),
    /** Its record time lies within the gap, but records of its partition came out of time order. */
    OUT_OF_ORDER("out-of-order"),
    /** The trace was completed while the lag bound, not every upstream partition, had moved the watermark past it. */
    PARTITION_LAG("partition-lag"),
    /** The trace had been cut at the maximum duration or span count. */
    TRUNCATED("truncated");

    private final String label;

    LateCause(String label) {
        this.label = label;
    }

    /** The value of the {@code cause} label of {@code tracepipe_late_parts_total}. */
    public String label() {
        return label;
    }
}
