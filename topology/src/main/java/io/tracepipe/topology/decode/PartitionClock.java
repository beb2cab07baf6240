package io.tracepipe.topology.decode;

/**
 * How far the records of one input partition have got, as the task that decodes it sees them: its
 * position is the largest record timestamp decoded so far (never ahead of the wall clock). A
 * partition read to its end from which no record has come for the idle timeout counts as caught up: its position
 * then moves on with the wall clock (the last record's time plus the quiet time), so a quiet
 * partition holds the assemblers' watermark back by at most that timeout. Measured by the task that
 * reads the partition, so a partition waiting for its turn while its task processes others is not
 * taken for quiet; and the position moves by the quiet time, not to the wall clock, so a task that
 * was paused (a long commit, a rebalance) while its partition was behind does not jump to the
 * present. Positions never go backwards.
 */
final class PartitionClock {
    /** No position yet: nothing decoded, and not quiet for the idle timeout since the start. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private final long idleTimeoutMs;
    private long maxRecordMs = UNKNOWN;
    // When the last record was decoded; before the first, when the task was first seen running.
    private long lastRecordWallMs = UNKNOWN;
    private long position = UNKNOWN;

    PartitionClock(long idleTimeoutMs) {
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /** A record with timestamp {@code timestampMs} was decoded at wall-clock time {@code wallMs}. */
    void record(long timestampMs, long wallMs) {
        maxRecordMs = Math.max(maxRecordMs, Math.min(timestampMs, wallMs));
        lastRecordWallMs = Math.max(lastRecordWallMs, wallMs);
        position = Math.max(position, maxRecordMs);
    }

    /** The position at wall-clock time {@code wallMs} right after a record (nothing can be quiet then), or {@link #UNKNOWN}. */
    long position(long wallMs) {
        return position(wallMs, false);
    }

    /**
     * The position at wall-clock time {@code wallMs}, or {@link #UNKNOWN}; {@code readToTheEnd}: the
     * consumer has nothing more of the partition to fetch, without which no quiet time makes it
     * caught up. The first call of a task that has decoded nothing yet starts the quiet time: a task
     * is initialised, then restores its stores, before it is given records, and that time is not
     * quiet time of its partition.
     */
    long position(long wallMs, boolean readToTheEnd) {
        if (lastRecordWallMs == UNKNOWN) {
            lastRecordWallMs = wallMs;
        }
        long quiet = wallMs - lastRecordWallMs;
        if (quiet >= idleTimeoutMs && readToTheEnd) {
            // Caught up: the next record will be about as young as the wall clock. Without any record since the start,
            // count from the start as if a record of that time had come then.
            long base = maxRecordMs == UNKNOWN ? lastRecordWallMs : maxRecordMs;
            position = Math.max(position, Math.min(wallMs, base + quiet));
        }
        return position;
    }
}
