package io.tracepipe.topology.assembly;

import io.tracepipe.sampling.SamplingDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * What the assembler remembers about one trace id: the part being assembled (arrival times,
 * span and fragment counts, the window timestamp its fragments are stored under), or, once
 * emitted, when and how it was completed. Fragment {@code i} of a part is stored under (trace id, i)
 * at that timestamp; where the earlier parts' fragments are is kept too ({@link #earlierParts}), so
 * that a late part of a trace that was not kept can be decided on together with them. Times are
 * milliseconds of the assembler's {@link Watermark}: when the spans arrived in Kafka. The sampling
 * decision on the trace is kept here (the assembler only carries it along) so that late parts follow
 * a decision to keep, for as long as the trace is remembered; null until sampling has decided.
 *
 * @param completion how the last emitted part was completed; null while the first part is open
 * @param completedByLagBound whether that part was completed while the lag bound, not every
 *     upstream partition, had moved the watermark past its deadline
 */
public record TraceMeta(
        boolean open,
        int part,
        long firstArrivalMs,
        long lastArrivalMs,
        long windowTimestampMs,
        int spanCount,
        int fragmentCount,
        long emittedAtMs,
        SamplingDecision samplingDecision,
        Completion completion,
        boolean completedByLagBound,
        List<StoredPart> earlierParts) {

    /** Where the fragments of an emitted part are: fragment {@code i < fragmentCount} under (trace id, i) at the timestamp. */
    public record StoredPart(long windowTimestampMs, int fragmentCount) {}

    public TraceMeta {
        earlierParts = List.copyOf(earlierParts);
    }

    /** The first part of a trace never seen before. */
    static TraceMeta firstPart(long nowMs) {
        return new TraceMeta(true, 1, nowMs, nowMs, nowMs, 0, 0, -1, null, null, false, List.of());
    }

    /**
     * A new part for spans arriving after the trace was emitted. Its fragments get a window
     * timestamp of their own, strictly after the previous part's, so the two never mix.
     */
    TraceMeta nextPart(long nowMs) {
        List<StoredPart> parts = new ArrayList<>(earlierParts);
        parts.add(new StoredPart(windowTimestampMs, fragmentCount));
        return new TraceMeta(true, part + 1, nowMs, nowMs, Math.max(nowMs, windowTimestampMs + 1), 0, 0, -1, samplingDecision,
                completion, completedByLagBound, parts);
    }

    /** After fragment number {@link #fragmentCount()} of {@code spans} spans was stored. */
    TraceMeta withFragment(long nowMs, int spans) {
        return new TraceMeta(true, part, firstArrivalMs, Math.max(lastArrivalMs, nowMs), windowTimestampMs, spanCount + spans,
                fragmentCount + 1, -1, samplingDecision, completion, completedByLagBound, earlierParts);
    }

    TraceMeta emitted(long nowMs, Completion how, boolean byLagBound) {
        return new TraceMeta(false, part, firstArrivalMs, lastArrivalMs, windowTimestampMs, spanCount, fragmentCount, nowMs,
                samplingDecision, how, byLagBound, earlierParts);
    }

    /** This meta with the sampling decision taken on the trace. */
    public TraceMeta withSamplingDecision(SamplingDecision decision) {
        return new TraceMeta(open, part, firstArrivalMs, lastArrivalMs, windowTimestampMs, spanCount, fragmentCount, emittedAtMs, decision,
                completion, completedByLagBound, earlierParts);
    }

    /** Parts after the first hold late spans. */
    boolean late() {
        return part > 1;
    }

    /** Whether the trace was kept: its late parts are kept without deciding again. */
    public boolean kept() {
        return samplingDecision != null && samplingDecision.keep();
    }

    /** When the open part completes, or when the emitted trace may be forgotten. */
    long deadlineMs(AssemblySettings settings) {
        if (!open) {
            return emittedAtMs + settings.lateSpanMemory().toMillis();
        }
        return Math.min(lastArrivalMs + settings.inactivityGap().toMillis(),
                firstArrivalMs + settings.maxTraceDuration().toMillis());
    }

    Completion completionAt(AssemblySettings settings) {
        long byDuration = firstArrivalMs + settings.maxTraceDuration().toMillis();
        return lastArrivalMs + settings.inactivityGap().toMillis() < byDuration ? Completion.INACTIVITY : Completion.MAX_DURATION;
    }

    /**
     * Why this emitted trace got a late part, from a span whose record time is {@code recordTimeMs}:
     * the trace was cut by a limit, or early by the lag bound, or the span really came more than the
     * inactivity gap after the trace's last one, or else its record was out of time order.
     */
    LateCause lateCause(long recordTimeMs, AssemblySettings settings) {
        if (completion != null && completion.truncates()) {
            return LateCause.TRUNCATED;
        }
        if (completedByLagBound) {
            return LateCause.PARTITION_LAG;
        }
        return recordTimeMs > lastArrivalMs + settings.inactivityGap().toMillis() ? LateCause.LATE_SPAN : LateCause.OUT_OF_ORDER;
    }
}
