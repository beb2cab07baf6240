package io.tracepipe.ingest;

/** Why a span's ids make it impossible to assemble, read straight from its bytes. */
final class SpanIds {
    private SpanIds() {}

    /** The problem with the trace id in {@code buf[traceFrom, traceTo)} and the span id in {@code buf[spanFrom, spanTo)}, or null. */
    static String problem(byte[] buf, int traceFrom, int traceTo, int spanFrom, int spanTo) {
        if (traceTo - traceFrom != Ids.TRACE_ID_BYTES) {
            return "trace id has " + (traceTo - traceFrom) + " bytes, expected 16";
        }
        if (allZero(buf, traceFrom, traceTo)) {
            return "trace id is all zeros";
        }
        if (spanTo - spanFrom != Ids.SPAN_ID_BYTES) {
            return "span id has " + (spanTo - spanFrom) + " bytes, expected 8";
        }
        if (allZero(buf, spanFrom, spanTo)) {
            return "span id is all zeros";
        }
        return null;
    }

    private static boolean allZero(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
