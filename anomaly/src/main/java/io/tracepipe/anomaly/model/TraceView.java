package io.tracepipe.anomaly.model;

import java.util.List;

/** The spans of one assembled trace, as the rules and the culprit analysis see them. */
public record TraceView(String traceId, List<SpanView> spans) {
    public TraceView {
        spans = List.copyOf(spans);
    }
}
