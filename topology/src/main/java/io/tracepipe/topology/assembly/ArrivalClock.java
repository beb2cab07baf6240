package io.tracepipe.topology.assembly;

/**
 * The time the assembler measures gaps and durations in: when spans arrived in Kafka (the input
 * records' timestamps, carried through the repartition), moved on by the wall clock while no record
 * comes, so a quiet partition still flushes. A pipeline that lags behind its input, or catches up
 * after a restart, therefore sees the gaps the spans really had, instead of gaps stretched or
 * squeezed by its own processing speed, and does not cut traces open at a crash into parts.
 *
 * <p>Record timestamps are not trusted beyond that: the clock never runs ahead of the wall clock,
 * never more than {@code maxLag} behind it, and never backwards.
 */
final class ArrivalClock {
    private final long maxLagMs;
    private final long idleStartMs;
    private final long startWallMs;
    private long recordTimeMs = Long.MIN_VALUE;
    private long wallAtLastRecordMs;

    /**
     * @param maxLagMs how far behind the wall clock arrivals may be: a trace can never be older
     *     than this when its fragments are stored, so they are always inside the store's retention
     * @param idleStartMs after a (re)start with no record at all, how long to wait before the wall
     *     clock alone may complete stored traces (their remaining spans may be in the backlog)
     */
    ArrivalClock(long maxLagMs, long idleStartMs, long startWallMs) {
        this.maxLagMs = maxLagMs;
        this.idleStartMs = idleStartMs;
        this.startWallMs = startWallMs;
    }

    /** Takes in a record with timestamp {@code recordTimestampMs} processed at {@code wallMs}; returns its arrival time. */
    long arrive(long recordTimestampMs, long wallMs) {
        long bounded = Math.max(Math.min(recordTimestampMs, wallMs), wallMs - maxLagMs);
        recordTimeMs = Math.max(recordTimeMs, bounded);
        wallAtLastRecordMs = wallMs;
        return recordTimeMs;
    }

    /** The current time at wall-clock time {@code wallMs}; {@link Long#MIN_VALUE} (nothing is due) right after a start. */
    long now(long wallMs) {
        if (recordTimeMs == Long.MIN_VALUE) {
            return wallMs - startWallMs >= idleStartMs ? wallMs : Long.MIN_VALUE;
        }
        long idle = Math.max(0, wallMs - wallAtLastRecordMs);
        return Math.max(Math.min(wallMs, recordTimeMs + idle), wallMs - maxLagMs);
    }
}
