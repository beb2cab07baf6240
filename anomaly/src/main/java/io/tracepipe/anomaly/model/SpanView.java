package io.tracepipe.anomaly.model;

import java.util.Map;

/**
 * What the rules see of one span: its place in the trace, who did it, how it ended and its
 * attributes (span attributes over resource attributes). Ids are lowercase hex; the root's
 * parent id is empty. Attribute values are String, Long, Double or Boolean.
 */
public record SpanView(
        String traceId,
        String spanId,
        String parentSpanId,
        String service,
        String operation,
        SpanKind kind,
        SpanStatus status,
        long startNanos,
        long endNanos,
        Map<String, Object> attributes) {

    public SpanView {
        attributes = attributes instanceof LazyAttributes ? attributes : Map.copyOf(attributes);
    }

    public long durationNanos() {
        return Math.max(0, endNanos - startNanos);
    }

    public boolean isError() {
        return status == SpanStatus.ERROR;
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }
}
