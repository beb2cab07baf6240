package io.tracepipe.topology.assembly;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.Ids;

/**
 * A complete trace (or a late part of one): every span once, regrouped under its Resource and
 * InstrumentationScope, with how and when it was completed. {@link #BATCH_END} is not a trace: the
 * assembler sends it after each run of emissions, so that the steps after it can write what they
 * accumulated over the run to their stores once, before any commit can happen.
 */
public record AssembledTrace(
        byte[] traceId,
        TracesData data,
        int spanCount,
        int duplicateSpans,
        int part,
        Completion completion,
        long firstArrivalMs,
        long completedAtMs) {

    /** The marker that ends a run of emissions (a punctuation, or the input record that cut a trace at its span limit). */
    public static final AssembledTrace BATCH_END =
            new AssembledTrace(new byte[Ids.TRACE_ID_BYTES], TracesData.getDefaultInstance(), 0, 0, 0, Completion.INACTIVITY, 0, 0);

    public boolean isBatchEnd() {
        return this == BATCH_END;
    }

    public String traceIdHex() {
        return Ids.toHex(traceId);
    }

    /** Spans that arrived after an earlier part of this trace was emitted. */
    public boolean late() {
        return part > 1;
    }

    public boolean truncated() {
        return completion.truncates();
    }
}
