package io.tracepipe.topology.assembly;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.Ids;

/**
 * A complete trace (or a late part of one): every span once, regrouped under its Resource and
 * InstrumentationScope, with how and when it was completed.
 */
public record AssembledTrace(
        byte[] traceId,
        TracesData data,
        int spanCount,
        int duplicateSpans,
        int part,
        Completion completion,
        long firstArrivalMs,
        long completedAtMs) implements AssemblerOutput {

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
