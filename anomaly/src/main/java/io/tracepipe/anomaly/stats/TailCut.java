package io.tracepipe.anomaly.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;

/**
 * Where the tail of one rule's group key begins, as one task sees it: the duration beyond which a
 * span is slower than {@link #QUANTILE} of the group's spans in the task's previous period (a
 * window advance). A baseline rule on latency has no fixed bound, so its bad spans are the ones in
 * this tail: the window's own tail is only known once the window is complete, while spans must be
 * judged as they come. Until a previous period is known the running quantile of the current one
 * serves, once {@link #MIN_SPANS} spans were seen. Kept in memory (a restart starts afresh), about
 * 2 KB each. Not thread-safe.
 */
public final class TailCut {
    /** Spans slower than this quantile of the previous period are in the tail. */
    public static final double QUANTILE = 0.95;
    /** Fewer spans than this in a period say nothing about its tail. */
    public static final int MIN_SPANS = 20;

    private static final double RELATIVE_ACCURACY = 0.02;
    private static final int MAX_BINS = 256;

    private long period = Long.MIN_VALUE;
    private DDSketch current = newSketch();
    private long cutNanos = -1;

    private static DDSketch newSketch() {
        return DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
    }

    /**
     * Records a span that ended in period {@code periodIndex} (its end time divided by the window
     * advance) and returns the duration beyond which it is in the tail; -1 while that is unknown.
     * A span of an earlier period than the latest seen is judged by the current cut.
     */
    public long observe(long periodIndex, long durationNanos) {
        if (periodIndex > period) {
            if (current.getCount() >= MIN_SPANS) {
                cutNanos = cut(current);
            }
            period = periodIndex;
            current = newSketch();
        }
        current.accept(durationNanos);
        if (cutNanos < 0 && current.getCount() >= MIN_SPANS) {
            return cut(current);
        }
        return cutNanos;
    }

    /** The latest period a span was observed in. */
    public long period() {
        return period;
    }

    private static long cut(DDSketch sketch) {
        return Math.round(sketch.getValueAtQuantile(QUANTILE));
    }
}
