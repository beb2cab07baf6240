package io.tracepipe.topology.rules;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/** Tiny three-span traces (frontend → checkout → inventory) built for rule tests, one collector record each. */
final class ShopTraces {
    private ShopTraces() {}

    /**
     * A checkout trace starting at {@code start}: inventory's {@code POST /reserve} takes
     * {@code reserve} and fails when {@code reserveFails}; the failure propagates to the callers.
     */
    static byte[] checkout(int n, Instant start, Duration reserve, boolean reserveFails) {
        long t0 = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        long reserveNs = reserve.toNanos();
        Span root = span(n, 1, 0, "POST /checkout", t0, t0 + reserveNs + 20_000_000L, reserveFails);
        Span order = span(n, 2, 1, "PlaceOrder", t0 + 5_000_000L, t0 + reserveNs + 15_000_000L, reserveFails);
        Span reserveSpan = span(n, 3, 2, "POST /reserve", t0 + 10_000_000L, t0 + 10_000_000L + reserveNs, reserveFails);
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resourceSpans("frontend", root))
                .addResourceSpans(resourceSpans("checkout", order))
                .addResourceSpans(resourceSpans("inventory", reserveSpan))
                .build().toByteArray();
    }

    private static ResourceSpans resourceSpans(String service, Span span) {
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))
                .build();
    }

    private static Span span(int trace, int id, int parent, String name, long start, long end, boolean error) {
        Span.Builder b = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0x5a5a).putLong(trace + 1).array()))
                .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putInt(trace + 1).putInt(id).array()))
                .setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(start)
                .setEndTimeUnixNano(end);
        if (parent > 0) {
            b.setParentSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putInt(trace + 1).putInt(parent).array()));
        }
        if (error) {
            b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("out of stock"));
        }
        return b.build();
    }
}
