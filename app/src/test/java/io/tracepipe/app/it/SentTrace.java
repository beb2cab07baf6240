package io.tracepipe.app.it;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.tracepipe.ingest.Ids;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * What a test sent of one trace: its spans ("spanId@traceId", as {@link ExactlyOnce} counts them),
 * whether one of them failed, and its duration as the latency policy measures it (latest end minus
 * earliest start), so that a test knows which traces the sampling policies must keep.
 */
final class SentTrace {
    private final String traceId;
    private final Set<String> spans = new HashSet<>();
    private long minStartNanos = Long.MAX_VALUE;
    private long maxEndNanos = Long.MIN_VALUE;
    private boolean failed;

    SentTrace(String traceId) {
        this.traceId = traceId;
    }

    void add(Span span) {
        spans.add(Ids.toHex(span.getSpanId().toByteArray()) + "@" + traceId);
        minStartNanos = Math.min(minStartNanos, span.getStartTimeUnixNano());
        maxEndNanos = Math.max(maxEndNanos, span.getEndTimeUnixNano());
        failed |= span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
    }

    String traceId() {
        return traceId;
    }

    Set<String> spans() {
        return Set.copyOf(spans);
    }

    boolean failed() {
        return failed;
    }

    Duration duration() {
        return spans.isEmpty() ? Duration.ZERO : Duration.ofNanos(Math.max(0, maxEndNanos - minStartNanos));
    }
}
