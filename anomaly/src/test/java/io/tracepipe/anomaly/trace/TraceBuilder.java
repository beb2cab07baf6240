package io.tracepipe.anomaly.trace;

import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanStatus;
import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds small traces for tests, with times in milliseconds so that the expectations read easily. */
final class TraceBuilder {
    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final long MS = 1_000_000L;

    private final List<SpanView> spans = new ArrayList<>();

    private TraceBuilder() {}

    static TraceBuilder trace() {
        return new TraceBuilder();
    }

    /** A root span (empty parent id). */
    TraceBuilder span(String id, String service, String operation, long startMs, long endMs) {
        return child(id, "", service, operation, startMs, endMs);
    }

    TraceBuilder child(String id, String parentId, String service, String operation, long startMs, long endMs) {
        spans.add(new SpanView(TRACE_ID, id, parentId, service, operation, SpanKind.INTERNAL, SpanStatus.OK,
                startMs * MS, endMs * MS, Map.of()));
        return this;
    }

    /** Marks the span added last as failed. */
    TraceBuilder failed() {
        return replaceLast(last().kind(), SpanStatus.ERROR);
    }

    /** Gives the span added last this kind. */
    TraceBuilder kind(SpanKind kind) {
        return replaceLast(kind, last().status());
    }

    TraceView build() {
        return new TraceView(TRACE_ID, spans);
    }

    private SpanView last() {
        return spans.get(spans.size() - 1);
    }

    private TraceBuilder replaceLast(SpanKind kind, SpanStatus status) {
        SpanView s = last();
        spans.set(spans.size() - 1, new SpanView(s.traceId(), s.spanId(), s.parentSpanId(), s.service(), s.operation(),
                kind, status, s.startNanos(), s.endNanos(), s.attributes()));
        return this;
    }
}
