package io.tracepipe.devkit.generator;

import java.time.Instant;
import java.util.List;

/** One whole generated trace: its id, kind and spans, root first and every span after its parent. */
public record GeneratedTrace(byte[] traceId, TraceKind kind, List<ServiceSpan> spans) {
    public GeneratedTrace {
        if (traceId.length != OtlpValues.TRACE_ID_BYTES || !OtlpValues.isValidId(traceId)) {
            throw new IllegalArgumentException("invalid trace id");
        }
        if (spans.isEmpty()) {
            throw new IllegalArgumentException("a trace has at least one span");
        }
        traceId = traceId.clone();
        spans = List.copyOf(spans);
    }

    @Override
    public byte[] traceId() {
        return traceId.clone();
    }

    public String traceIdHex() {
        return OtlpValues.hex(traceId);
    }

    public int spanCount() {
        return spans.size();
    }

    public ServiceSpan root() {
        return spans.get(0);
    }

    public Instant start() {
        return root().start();
    }

    /** When the last span ended (an asynchronous child may end after the root). */
    public Instant end() {
        long last = 0;
        for (ServiceSpan span : spans) {
            last = Math.max(last, span.span().getEndTimeUnixNano());
        }
        return OtlpValues.instant(last);
    }
}
