package io.tracepipe.topology.assembly;

import java.time.Duration;

/** When a trace counts as complete, and how long an emitted trace is remembered for its late spans. */
public record AssemblySettings(
        Duration inactivityGap,
        Duration maxTraceDuration,
        int maxSpansPerTrace,
        Duration lateSpanMemory,
        Duration punctuateInterval) {

    public static final AssemblySettings DEFAULTS = new AssemblySettings(
            Duration.ofSeconds(10), Duration.ofMinutes(5), 10_000, Duration.ofMinutes(5), Duration.ofMillis(250));

    public AssemblySettings {
        requirePositive(inactivityGap, "inactivity-gap");
        requirePositive(maxTraceDuration, "max-trace-duration");
        requirePositive(lateSpanMemory, "late-span-memory");
        requirePositive(punctuateInterval, "punctuate-interval");
        if (maxSpansPerTrace < 1) {
            throw new IllegalArgumentException("max-spans-per-trace must be at least 1, was " + maxSpansPerTrace);
        }
    }

    /**
     * How long fragments must stay in the windowed store: a part is open at most the maximum
     * duration, plus slack for a punctuation that runs late or a restart that takes a while.
     */
    public Duration fragmentRetention() {
        return maxTraceDuration.plus(inactivityGap).plus(punctuateInterval.multipliedBy(10)).plus(Duration.ofMinutes(10));
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }
}
