package io.tracepipe.topology.assembly;

import java.time.Duration;

/**
 * When a trace counts as complete, how long an emitted trace is remembered for its late spans, and
 * how the watermark treats upstream partitions that are quiet ({@code idlePartitionTimeout}) or far
 * behind the others ({@code maxPartitionLag}).
 */
public record AssemblySettings(
        Duration inactivityGap,
        Duration maxTraceDuration,
        int maxSpansPerTrace,
        Duration lateSpanMemory,
        Duration punctuateInterval,
        Duration idlePartitionTimeout,
        Duration maxPartitionLag) {

    public static final Duration DEFAULT_MAX_PARTITION_LAG = Duration.ofMinutes(5);

    public static final AssemblySettings DEFAULTS = new AssemblySettings(
            Duration.ofSeconds(10), Duration.ofMinutes(5), 10_000, Duration.ofMinutes(5), Duration.ofMillis(250));

    public AssemblySettings {
        requirePositive(inactivityGap, "inactivity-gap");
        requirePositive(maxTraceDuration, "max-trace-duration");
        requirePositive(lateSpanMemory, "late-span-memory");
        requirePositive(punctuateInterval, "punctuate-interval");
        requirePositive(idlePartitionTimeout, "idle-partition-timeout");
        requirePositive(maxPartitionLag, "max-partition-lag");
        if (maxSpansPerTrace < 1) {
            throw new IllegalArgumentException("max-spans-per-trace must be at least 1, was " + maxSpansPerTrace);
        }
    }

    /** With the default partition rules: a quiet partition is waited for one inactivity gap, a slow one up to 5 minutes. */
    public AssemblySettings(Duration inactivityGap, Duration maxTraceDuration, int maxSpansPerTrace, Duration lateSpanMemory,
            Duration punctuateInterval) {
        this(inactivityGap, maxTraceDuration, maxSpansPerTrace, lateSpanMemory, punctuateInterval, inactivityGap,
                DEFAULT_MAX_PARTITION_LAG);
    }

    public AssemblySettings withPartitionRules(Duration idleTimeout, Duration maxLag) {
        return new AssemblySettings(inactivityGap, maxTraceDuration, maxSpansPerTrace, lateSpanMemory, punctuateInterval, idleTimeout,
                maxLag);
    }

    /**
     * How long fragments must stay in the windowed store. The store drops what is older than its
     * latest timestamp minus this. An open part is at most the maximum duration (plus a gap) behind
     * the watermark, no fragment is stored more than the maximum partition lag ahead of it, and the
     * earlier parts of a trace are read again when a late part (within the late-span memory) is
     * decided on; a minute more for punctuations that run late.
     */
    public Duration fragmentRetention() {
        return maxTraceDuration.plus(inactivityGap).plus(maxPartitionLag).plus(lateSpanMemory).plus(Duration.ofMinutes(1));
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }
}
