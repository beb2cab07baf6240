package io.tracepipe.sampling;

import java.time.Duration;

/**
 * {@code latency}: keeps traces whose duration ({@link CandidateTrace#duration}) is at least the
 * threshold and, when given, at most the upper threshold, compared to the nanosecond. (The
 * Collector excludes the threshold itself once an upper threshold is given; here both bounds are
 * always inclusive.)
 */
final class LatencyPolicy implements Policy {

    private final String name;
    private final long thresholdNanos;
    private final long upperNanos;

    /** @param upper null for no upper bound */
    LatencyPolicy(String name, Duration threshold, Duration upper) {
        if (threshold.isNegative() || upper != null && upper.compareTo(threshold) < 0) {
            throw new IllegalArgumentException("need 0 <= threshold <= upper threshold");
        }
        this.name = name;
        this.thresholdNanos = saturatedNanos(threshold);
        this.upperNanos = upper == null ? Long.MAX_VALUE : saturatedNanos(upper);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vote evaluate(CandidateTrace trace, long nowMs) {
        long d = trace.durationNanos();
        return Vote.of(d >= thresholdNanos && d <= upperNanos);
    }

    /** Nanoseconds, or Long.MAX_VALUE for thresholds beyond 292 years (which no trace reaches anyway). */
    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
