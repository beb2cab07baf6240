package io.tracepipe.anomaly.health;

import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanView;
import java.util.Map;
import java.util.Objects;

/**
 * What the instrumentation checks read of one span: its place in the trace, who recorded it, its
 * timing, and the few attributes that hint at retries and at the callee of a call.
 *
 * @param parentSpanId lowercase hex; empty for a root
 * @param resendCount the span's {@code http.request.resend_count} or {@code retry.count}; 0 when absent
 * @param peerService the callee a client span names ({@code peer.service}); null when absent
 * @param destination the queue or topic of a messaging span ({@code messaging.destination.name}); null when absent
 */
public record HealthSpan(
        String spanId,
        String parentSpanId,
        String service,
        String operation,
        SpanKind kind,
        boolean error,
        long startNanos,
        long endNanos,
        long resendCount,
        String peerService,
        String destination) {

    /** Attributes that say a span is a resend of an earlier attempt (HTTP semantic conventions, and a common custom key). */
    public static final String RESEND_COUNT = "http.request.resend_count";
    public static final String RETRY_COUNT = "retry.count";
    public static final String PEER_SERVICE = "peer.service";
    public static final String DESTINATION = "messaging.destination.name";

    public HealthSpan {
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(parentSpanId, "parentSpanId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(kind, "kind");
    }

    /** The same span read from the rules' model (its attributes are read here, so only when a health rule asks). */
    public static HealthSpan of(SpanView span) {
        Map<String, Object> attributes = span.attributes();
        return new HealthSpan(span.spanId(), span.parentSpanId(), span.service(), span.operation(), span.kind(), span.isError(),
                span.startNanos(), span.endNanos(), resendCount(attributes.get(RESEND_COUNT), attributes.get(RETRY_COUNT)),
                text(attributes.get(PEER_SERVICE)), text(attributes.get(DESTINATION)));
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    /** A call out of the process: a client or a producer span. */
    public boolean isOutgoing() {
        return kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER;
    }

    /** The larger of the two resend attributes as a count, 0 when neither is a positive whole number. */
    public static long resendCount(Object resend, Object retry) {
        return Math.max(count(resend), count(retry));
    }

    private static long count(Object value) {
        if (value instanceof Long l) {
            return Math.max(0, l);
        }
        if (value instanceof String s) {
            try {
                return Math.max(0, Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
