package io.tracepipe.anomaly.stats;

import io.tracepipe.anomaly.eval.Culprit;
import java.util.Arrays;
import java.util.List;

/** Builds the window statistics of a test window from a count of errors and a duration spec. */
public final class TestWindows {

    private TestWindows() {}

    /**
     * Statistics of spans with the given durations, the first {@code errors} of them errored, each
     * in its own trace.
     */
    public static WindowStats stats(long[] durationsNanos, int errors, long slowThresholdNanos) {
        if (errors > durationsNanos.length) {
            throw new IllegalArgumentException(errors + " errors among " + durationsNanos.length + " spans");
        }
        WindowStats stats = new WindowStats();
        for (int i = 0; i < durationsNanos.length; i++) {
            stats.add(TestSpans.span().trace(String.format("%032x", i)).id(String.format("%016x", i))
                    .lastingNanos(durationsNanos[i]).error(i < errors).build(), slowThresholdNanos, () -> SpanCauses.NONE);
        }
        return stats;
    }

    /** Statistics of {@code count} spans of 10 ms each, the first {@code errors} of them errored. */
    public static WindowStats counts(int count, int errors) {
        long[] durations = new long[count];
        Arrays.fill(durations, 10_000_000L);
        return stats(durations, errors, -1);
    }

    /** A culprit, shorter to write in tests. */
    public static Culprit culprit(String service, String operation, double share) {
        return new Culprit(service, operation, share);
    }

    /** Causes of one span whose top cause is {@code service operation} with {@code share} of it (to a thousandth). */
    public static SpanCauses causes(String service, String operation, double share) {
        return new SpanCauses(List.of(new SpanCauses.Cause(service, operation, Math.round(share * 1000))), 1000);
    }
}
