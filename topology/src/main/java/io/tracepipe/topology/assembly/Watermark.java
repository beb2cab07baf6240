package io.tracepipe.topology.assembly;

import java.util.Arrays;

/**
 * The time an assembler task completes traces by: the minimum over every upstream input partition
 * of how far that partition's records have got (its position, carried with the bundles and the
 * progress marks of the task that decodes it), so a partition that is behind (a slower decode task
 * while catching up, a task that is restoring or moving) holds completion back instead of being
 * overtaken by the others. A partition never heard from has no position and holds it back too.
 *
 * <p>Bounded: the watermark is never more than {@code maxLag} behind the furthest partition, so a
 * stuck, dead or very slow partition cannot hold every trace forever, and no fragment is stored
 * more than {@code maxLag} ahead of it (which is what bounds the fragment store's retention).
 * Never backwards.
 */
final class Watermark {
    /** No time yet: no partition has a position. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private final long[] positions;
    private final boolean[] changed;
    private final long maxLagMs;
    private long watermark = UNKNOWN;
    private boolean bounded;

    Watermark(int upstreamPartitions, long maxLagMs) {
        this.positions = new long[upstreamPartitions];
        this.changed = new boolean[upstreamPartitions];
        this.maxLagMs = maxLagMs;
        Arrays.fill(positions, UNKNOWN);
    }

    /** Partition {@code partition} has got to {@code positionMs} (older news is ignored); the watermark is recomputed. */
    void advance(int partition, long positionMs) {
        if (partition < 0 || partition >= positions.length) {
            // The input grew after the start (which needs an application reset): such a partition cannot be waited for.
            return;
        }
        if (positionMs > positions[partition]) {
            positions[partition] = positionMs;
            changed[partition] = true;
            recompute();
        }
    }

    /** A position restored from the task's store (not marked changed). */
    void restore(int partition, long positionMs) {
        if (partition >= 0 && partition < positions.length && positionMs > positions[partition]) {
            positions[partition] = positionMs;
            recompute();
        }
    }

    private void recompute() {
        long min = Long.MAX_VALUE;
        long max = UNKNOWN;
        for (long p : positions) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        if (max == UNKNOWN) {
            return;
        }
        long floor = max - maxLagMs;
        bounded = min < floor;
        watermark = Math.max(watermark, bounded ? floor : min);
    }

    /** The watermark, or {@link #UNKNOWN}. */
    long now() {
        return watermark;
    }

    /**
     * How far every upstream partition has got: the minimum of the positions, without the lag bound;
     * {@link #UNKNOWN} while a partition has none. A trace whose deadline lies beyond it and which
     * is completed all the same was completed by the lag bound.
     */
    long everyPartition() {
        long min = Long.MAX_VALUE;
        for (long p : positions) {
            min = Math.min(min, p);
        }
        return min;
    }

    /** Whether the lag bound sets the watermark now: some partition is further behind than the bound. */
    boolean bounded() {
        return bounded;
    }

    int partitions() {
        return positions.length;
    }

    long position(int partition) {
        return positions[partition];
    }

    /** Whether the position of {@code partition} changed since {@link #saved}; for writing only what changed. */
    boolean changedSinceSaved(int partition) {
        return changed[partition];
    }

    void saved(int partition) {
        changed[partition] = false;
    }
}
