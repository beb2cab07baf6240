package io.tracepipe.topology;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Small builders of OTLP spans and collector records for topology tests. */
final class OtlpRecords {
    private OtlpRecords() {}

    static byte[] traceId(int n) {
        return ByteBuffer.allocate(16).putLong(0x7ace_0000_0000_0000L).putLong(n).array();
    }

    static byte[] spanId(int trace, int span) {
        return ByteBuffer.allocate(8).putInt(trace + 1).putInt(span + 1).array();
    }

    static Span span(int trace, int span) {
        return Span.newBuilder()
                .setTraceId(ByteString.copyFrom(traceId(trace)))
                .setSpanId(ByteString.copyFrom(spanId(trace, span)))
                .setName("op-" + span)
                .setStartTimeUnixNano(1_000_000_000L * trace + span)
                .setEndTimeUnixNano(1_000_000_000L * trace + span + 1_000)
                .build();
    }

    static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(service))).build();
    }

    /** A collector record holding the given spans of one service. */
    static byte[] record(String service, List<Span> spans) {
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(service))
                        .addScopeSpans(io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("scope-" + service))
                                .addAllSpans(spans)))
                .build().toByteArray();
    }

    static byte[] record(String service, Span... spans) {
        return record(service, List.of(spans));
    }

    static List<Span> spans(TracesData data) {
        List<Span> out = new ArrayList<>();
        data.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> out.addAll(ss.getSpansList())));
        return out;
    }
}
