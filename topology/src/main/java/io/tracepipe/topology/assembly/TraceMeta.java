package io.tracepipe.topology.assembly;

import io.tracepipe.sampling.SamplingDecision;

/**
 * What the assembler remembers about one trace id: the part being assembled (arrival times,
 * span and fragment counts, the window timestamp its fragments are stored under), or, once
 * emitted, when. Fragment {@code i} of a part is stored under (trace id, i) at that timestamp.
 * Times are milliseconds of the assembler's {@link ArrivalClock}: when the spans arrived in Kafka. The sampling decision taken on
 * the first part is kept here (the assembler only carries it along) so that late parts follow it,
 * for as long as the trace is remembered; null until sampling has decided.
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
        SamplingDecision samplingDecision) {

    /** The first part of a trace never seen before. */
    static TraceMeta firstPart(long nowMs) {
        return new TraceMeta(true, 1, nowMs, nowMs, nowMs, 0, 0, -1, null);
    }

    /**
     * A new part for spans arriving after the trace was emitted. Its fragments get a window
     * timestamp of their own, strictly after the previous part's, so the two never mix.
     */
    TraceMeta nextPart(long nowMs) {
        return new TraceMeta(true, part + 1, nowMs, nowMs, Math.max(nowMs, windowTimestampMs + 1), 0, 0, -1, samplingDecision);
    }

    /** After fragment number {@link #fragmentCount()} of {@code spans} spans was stored. */
    TraceMeta withFragment(long nowMs, int spans) {
        return new TraceMeta(true, part, firstArrivalMs, Math.max(lastArrivalMs, nowMs), windowTimestampMs, spanCount + spans,
                fragmentCount + 1, -1, samplingDecision);
    }

    TraceMeta emitted(long nowMs) {
        return new TraceMeta(false, part, firstArrivalMs, lastArrivalMs, windowTimestampMs, spanCount, fragmentCount, nowMs,
                samplingDecision);
    }

    /** This meta with the sampling decision taken on the trace. */
    public TraceMeta withSamplingDecision(SamplingDecision decision) {
        return new TraceMeta(open, part, firstArrivalMs, lastArrivalMs, windowTimestampMs, spanCount, fragmentCount, emittedAtMs, decision);
    }

    /** Parts after the first hold late spans. */
    boolean late() {
        return part > 1;
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
}
