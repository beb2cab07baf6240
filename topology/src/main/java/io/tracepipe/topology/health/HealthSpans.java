package io.tracepipe.topology.health;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.anomaly.health.HealthSpan;
import io.tracepipe.anomaly.health.HealthTrace;
import io.tracepipe.anomaly.health.TraceAttributes;
import io.tracepipe.anomaly.stats.HyperLogLog;
import io.tracepipe.ingest.Ids;
import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.topology.rules.SpanViews;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an assembled OTLP trace for the instrumentation checks: its spans with the few attributes
 * they need, without building attribute maps, and its attribute values by hash for the
 * cardinality count (resource attributes once per resource, span attributes per span).
 */
public final class HealthSpans {
    private HealthSpans() {}

    public static HealthTrace of(String traceIdHex, TracesData data) {
        List<HealthSpan> spans = new ArrayList<>();
        for (ResourceSpans rs : data.getResourceSpansList()) {
            String service = TraceSummary.serviceName(rs.getResource());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    spans.add(span(service, span));
                }
            }
        }
        return new HealthTrace(traceIdHex, spans);
    }

    private static HealthSpan span(String service, Span span) {
        long resend = 0;
        String peer = null;
        String destination = null;
        for (KeyValue kv : span.getAttributesList()) {
            switch (kv.getKey()) {
                case HealthSpan.RESEND_COUNT, HealthSpan.RETRY_COUNT -> resend = Math.max(resend, HealthSpan.resendCount(scalar(kv.getValue()), null));
                case HealthSpan.PEER_SERVICE -> peer = kv.getValue().getStringValue();
                case HealthSpan.DESTINATION -> destination = kv.getValue().getStringValue();
                default -> { }
            }
        }
        return new HealthSpan(Ids.toHex(span.getSpanId().toByteArray()), Ids.toHex(span.getParentSpanId().toByteArray()), service,
                span.getName(), SpanViews.kind(span.getKind()), span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                span.getStartTimeUnixNano(), span.getEndTimeUnixNano(), resend, peer, destination);
    }

    /** The attribute values of the trace, by hash: strings, numbers and booleans; arrays, maps and bytes are left out. */
    public static TraceAttributes attributes(TracesData data) {
        return visitor -> {
            for (ResourceSpans rs : data.getResourceSpansList()) {
                String service = TraceSummary.serviceName(rs.getResource());
                visit(service, rs.getResource().getAttributesList(), visitor);
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        visit(service, span.getAttributesList(), visitor);
                    }
                }
            }
        };
    }

    private static void visit(String service, List<KeyValue> attributes, TraceAttributes.Visitor visitor) {
        for (KeyValue kv : attributes) {
            AnyValue v = kv.getValue();
            long hash;
            switch (v.getValueCase()) {
                case STRING_VALUE -> hash = HyperLogLog.hash(v.getStringValue());
                case INT_VALUE -> hash = HyperLogLog.hash(v.getIntValue());
                case DOUBLE_VALUE -> hash = HyperLogLog.hash(Double.doubleToLongBits(v.getDoubleValue()));
                case BOOL_VALUE -> hash = HyperLogLog.hash(v.getBoolValue() ? 1 : 0);
                default -> {
                    continue;
                }
            }
            visitor.value(service, kv.getKey(), hash);
        }
    }

    private static Object scalar(AnyValue v) {
        return switch (v.getValueCase()) {
            case INT_VALUE -> v.getIntValue();
            case STRING_VALUE -> v.getStringValue();
            default -> null;
        };
    }
}
