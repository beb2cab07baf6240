package io.tracepipe.anomaly.trace;

import io.tracepipe.anomaly.model.SpanView;
import java.util.Objects;

/** One stretch of the critical path, {@code [startNanos, endNanos)}, during which {@code span} itself was the work being waited on. */
public record PathSegment(SpanView span, long startNanos, long endNanos) {

    public PathSegment {
        Objects.requireNonNull(span, "span");
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("segment ends before it starts: " + startNanos + " > " + endNanos);
        }
    }

    /** The span's self time in this stretch: its own time with the children it waited on taken out. */
    public long selfTimeNanos() {
        return endNanos - startNanos;
    }
}
