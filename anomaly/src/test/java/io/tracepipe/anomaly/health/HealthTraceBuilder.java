package io.tracepipe.anomaly.health;

import io.tracepipe.anomaly.model.SpanKind;
import java.util.ArrayList;
import java.util.List;

/** Builds small traces for the health checks, times in milliseconds. */
final class HealthTraceBuilder {
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final long MS = 1_000_000L;

    private final List<HealthSpan> spans = new ArrayList<>();

    static HealthTraceBuilder trace() {
        return new HealthTraceBuilder();
    }

    HealthTraceBuilder root(String id, String service, String operation, long startMs, long endMs) {
        return span(id, "", service, operation, SpanKind.SERVER, startMs * MS, endMs * MS);
    }

    HealthTraceBuilder server(String id, String parentId, String service, String operation, long startMs, long endMs) {
        return span(id, parentId, service, operation, SpanKind.SERVER, startMs * MS, endMs * MS);
    }

    HealthTraceBuilder client(String id, String parentId, String service, String operation, long startMs, long endMs) {
        return span(id, parentId, service, operation, SpanKind.CLIENT, startMs * MS, endMs * MS);
    }

    HealthTraceBuilder internal(String id, String parentId, String service, String operation, long startMs, long endMs) {
        return span(id, parentId, service, operation, SpanKind.INTERNAL, startMs * MS, endMs * MS);
    }

    HealthTraceBuilder span(String id, String parentId, String service, String operation, SpanKind kind, long startNanos, long endNanos) {
        spans.add(new HealthSpan(id, parentId, service, operation, kind, false, startNanos, endNanos, 0, null, null));
        return this;
    }

    /** The span added last names its callee in {@code peer.service}. */
    HealthTraceBuilder peer(String service) {
        HealthSpan s = last();
        return replaceLast(new HealthSpan(s.spanId(), s.parentSpanId(), s.service(), s.operation(), s.kind(), s.error(), s.startNanos(),
                s.endNanos(), s.resendCount(), service, s.destination()));
    }

    HealthTraceBuilder failed() {
        HealthSpan s = last();
        return replaceLast(new HealthSpan(s.spanId(), s.parentSpanId(), s.service(), s.operation(), s.kind(), true, s.startNanos(),
                s.endNanos(), s.resendCount(), s.peerService(), s.destination()));
    }

    HealthTraceBuilder resend(long count) {
        HealthSpan s = last();
        return replaceLast(new HealthSpan(s.spanId(), s.parentSpanId(), s.service(), s.operation(), s.kind(), s.error(), s.startNanos(),
                s.endNanos(), count, s.peerService(), s.destination()));
    }

    HealthTrace build() {
        return new HealthTrace(TRACE_ID, spans);
    }

    private HealthSpan last() {
        return spans.get(spans.size() - 1);
    }

    private HealthTraceBuilder replaceLast(HealthSpan span) {
        spans.set(spans.size() - 1, span);
        return this;
    }
}
