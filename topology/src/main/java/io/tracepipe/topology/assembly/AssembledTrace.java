package io.tracepipe.topology.assembly;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.Ids;

/**
 * A complete trace (or a late part of one): every span once, regrouped under its Resource and
 * InstrumentationScope, with how and when it was completed. It holds the trace as serialized
 * TracesData, merged from the stored fragments' bytes; {@link #data()} parses it once, on first
 * use, for the steps that read spans (metrics, rules, sampling), and the output is written from
 * the bytes unless redaction changed something.
 */
public final class AssembledTrace implements AssemblerOutput {
    private final byte[] traceId;
    private final byte[] tracesData;
    private final int spanCount;
    private final int duplicateSpans;
    private final int part;
    private final Completion completion;
    private final long firstArrivalMs;
    private final long completedAtMs;
    private TracesData parsed;
    private byte[] wholeTrace;
    private TraceMeta meta;

    /**
     * @param tracesData the spans as serialized TracesData
     * @param duplicateSpans spans dropped because their id was seen before in this part
     * @param part 1 for the trace, 2 and up for late parts
     */
    public AssembledTrace(byte[] traceId, byte[] tracesData, int spanCount, int duplicateSpans, int part, Completion completion,
            long firstArrivalMs, long completedAtMs) {
        this.traceId = traceId;
        this.tracesData = tracesData;
        this.spanCount = spanCount;
        this.duplicateSpans = duplicateSpans;
        this.part = part;
        this.completion = completion;
        this.firstArrivalMs = firstArrivalMs;
        this.completedAtMs = completedAtMs;
    }

    /** A trace built from its parsed form (tests, tools). */
    public AssembledTrace(byte[] traceId, TracesData data, int spanCount, int duplicateSpans, int part, Completion completion,
            long firstArrivalMs, long completedAtMs) {
        this(traceId, data.toByteArray(), spanCount, duplicateSpans, part, completion, firstArrivalMs, completedAtMs);
        this.parsed = data;
    }

    /**
     * This late part together with the whole trace it belongs to, as serialized TracesData: the
     * assembler hands it along when the trace was not kept, so sampling can decide again on every
     * span. The part itself is still what metrics and rules see.
     */
    AssembledTrace withWholeTrace(byte[] wholeTraceData) {
        AssembledTrace copy = new AssembledTrace(traceId, tracesData, spanCount, duplicateSpans, part, completion, firstArrivalMs,
                completedAtMs);
        copy.parsed = parsed;
        copy.wholeTrace = wholeTraceData;
        copy.meta = meta;
        return copy;
    }

    /** Set by the assembler: the metadata it stored on emitting this part, for sampling to take its decision into. */
    void meta(TraceMeta stored) {
        this.meta = stored;
    }

    /**
     * The trace's metadata as the assembler stored it when it emitted this part (steps downstream run
     * before anything else touches it), or null for a trace built elsewhere: then read it from the store.
     */
    public TraceMeta meta() {
        return meta;
    }

    /** The whole trace of a late part whose trace was not kept (earlier parts and this one), or null. */
    public byte[] wholeTrace() {
        return wholeTrace;
    }

    public byte[] traceId() {
        return traceId;
    }

    /** The trace as serialized TracesData. */
    public byte[] tracesData() {
        return tracesData;
    }

    /** The trace parsed, once, on first use: every step after the assembler reads this same instance. */
    public TracesData data() {
        if (parsed == null) {
            try {
                parsed = TracesData.parseFrom(tracesData);
            } catch (InvalidProtocolBufferException e) {
                // Merged from fragments that ingest checked span by span: unreadable means corrupted state.
                throw new IllegalStateException("assembled trace " + traceIdHex() + " does not parse", e);
            }
        }
        return parsed;
    }

    public int spanCount() {
        return spanCount;
    }

    public int duplicateSpans() {
        return duplicateSpans;
    }

    public int part() {
        return part;
    }

    public Completion completion() {
        return completion;
    }

    public long firstArrivalMs() {
        return firstArrivalMs;
    }

    public long completedAtMs() {
        return completedAtMs;
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

    @Override
    public String toString() {
        return "AssembledTrace[" + traceIdHex() + ", part " + part + ", " + spanCount + " spans, " + completion + "]";
    }
}
