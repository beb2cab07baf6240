package io.tracepipe.devkit.generator;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Test helpers to read spans and records back the way a consumer would. */
final class Spans {
    private Spans() {}

    /** A span as found in a published record. */
    record Exported(int recordIndex, Resource resource, Span span) {
        String service() {
            return attribute(resource.getAttributesList(), "service.name");
        }
    }

    static ExportTraceServiceRequest parse(OtlpRecord record) {
        try {
            return ExportTraceServiceRequest.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Exported> exported(List<OtlpRecord> records) {
        List<Exported> spans = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            for (ResourceSpans rs : parse(records.get(i)).getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        spans.add(new Exported(i, rs.getResource(), span));
                    }
                }
            }
        }
        return spans;
    }

    static Map<ByteString, ServiceSpan> bySpanId(GeneratedTrace trace) {
        Map<ByteString, ServiceSpan> byId = new LinkedHashMap<>();
        trace.spans().forEach(s -> byId.put(s.span().getSpanId(), s));
        return byId;
    }

    static List<ServiceSpan> matching(List<GeneratedTrace> traces, Predicate<ServiceSpan> filter) {
        return traces.stream().flatMap(t -> t.spans().stream()).filter(filter).collect(Collectors.toList());
    }

    static Predicate<ServiceSpan> named(String service, String name, Span.SpanKind kind) {
        return s -> s.serviceName().equals(service) && s.span().getName().equals(name) && s.span().getKind() == kind;
    }

    static Duration duration(Span span) {
        return Duration.ofNanos(span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
    }

    static boolean isError(Span span) {
        return span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
    }

    /** A string or int attribute as text, or null when absent. */
    static String attribute(Span span, String key) {
        return attribute(span.getAttributesList(), key);
    }

    static String attribute(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                AnyValue v = kv.getValue();
                return v.hasIntValue() ? Long.toString(v.getIntValue()) : v.getStringValue();
            }
        }
        return null;
    }
}
