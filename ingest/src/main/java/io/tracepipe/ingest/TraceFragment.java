package io.tracepipe.ingest;

/**
 * The spans of one trace taken from one input record, as serialized OTLP {@code TracesData}
 * (each span still under its Resource and InstrumentationScope).
 */
public record TraceFragment(byte[] traceId, int spanCount, byte[] tracesData) {
    public TraceFragment {
        if (traceId.length != Ids.TRACE_ID_BYTES) {
            throw new IllegalArgumentException("trace id must be 16 bytes, was " + traceId.length);
        }
        if (spanCount < 1) {
            throw new IllegalArgumentException("a fragment holds at least one span");
        }
    }

    public String traceIdHex() {
        return Ids.toHex(traceId);
    }
}
