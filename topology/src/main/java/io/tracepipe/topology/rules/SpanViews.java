package io.tracepipe.topology.rules;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.anomaly.model.LazyAttributes;
import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanStatus;
import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import io.tracepipe.ingest.Ids;
import io.tracepipe.ingest.TraceSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates an assembled OTLP trace into the plain model the rules and the culprit analysis read;
 * attributes are copied only for spans whose attributes a rule reads.
 */
public final class SpanViews {
    private static final String EXCEPTION_EVENT = "exception";
    private static final String EXCEPTION_TYPE = "exception.type";

    private SpanViews() {}

    public static TraceView of(String traceIdHex, TracesData data) {
        List<SpanView> spans = new ArrayList<>();
        for (ResourceSpans rs : data.getResourceSpansList()) {
            Map<String, Object> resourceAttributes = LazyAttributes.of(() -> attributes(rs.getResource().getAttributesList(), Map.of()));
            String service = TraceSummary.serviceName(rs.getResource());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    spans.add(new SpanView(
                            traceIdHex,
                            Ids.toHex(span.getSpanId().toByteArray()),
                            Ids.toHex(span.getParentSpanId().toByteArray()),
                            service,
                            span.getName(),
                            kind(span.getKind()),
                            status(span.getStatus().getCode()),
                            span.getStartTimeUnixNano(),
                            span.getEndTimeUnixNano(),
                            LazyAttributes.of(() -> attributes(span, resourceAttributes))));
                }
            }
        }
        return new TraceView(traceIdHex, spans);
    }

    /**
     * Span attributes over the resource's: a rule may match either, the span's own value wins. The
     * type of the span's first exception event is {@code exception.type} unless the span has its own
     * (instrumentations record an escaping exception as an event, and alert explanations contrast it).
     */
    private static Map<String, Object> attributes(Span span, Map<String, Object> inherited) {
        Map<String, Object> out = attributes(span.getAttributesList(), inherited);
        if (!out.containsKey(EXCEPTION_TYPE)) {
            for (Span.Event event : span.getEventsList()) {
                if (EXCEPTION_EVENT.equals(event.getName())) {
                    Object type = attributes(event.getAttributesList(), Map.of()).get(EXCEPTION_TYPE);
                    if (type != null) {
                        out.put(EXCEPTION_TYPE, type);
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Object> attributes(List<KeyValue> own, Map<String, Object> inherited) {
        Map<String, Object> out = new HashMap<>(inherited);
        for (KeyValue kv : own) {
            Object value = scalar(kv.getValue());
            if (value != null) {
                out.put(kv.getKey(), value);
            }
        }
        return out;
    }

    /** Rules compare scalars; arrays, maps and bytes are not matched on. */
    private static Object scalar(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BOOL_VALUE -> v.getBoolValue();
            default -> null;
        };
    }

    /** The rules' span kind of an OTLP one. */
    public static SpanKind kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_INTERNAL -> SpanKind.INTERNAL;
            case SPAN_KIND_SERVER -> SpanKind.SERVER;
            case SPAN_KIND_CLIENT -> SpanKind.CLIENT;
            case SPAN_KIND_PRODUCER -> SpanKind.PRODUCER;
            case SPAN_KIND_CONSUMER -> SpanKind.CONSUMER;
            default -> SpanKind.UNSPECIFIED;
        };
    }

    private static SpanStatus status(Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_OK -> SpanStatus.OK;
            case STATUS_CODE_ERROR -> SpanStatus.ERROR;
            default -> SpanStatus.UNSET;
        };
    }
}
