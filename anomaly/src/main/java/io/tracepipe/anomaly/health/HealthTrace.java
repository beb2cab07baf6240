package io.tracepipe.anomaly.health;

import java.util.List;

/** The spans of one assembled trace as the instrumentation checks read them. */
public record HealthTrace(String traceId, List<HealthSpan> spans) {
    public HealthTrace {
        spans = List.copyOf(spans);
    }
}
