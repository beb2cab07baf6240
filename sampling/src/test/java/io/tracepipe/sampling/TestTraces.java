package io.tracepipe.sampling;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.Ids;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small traces for sampling tests: spans of a few services with start, duration, status,
 * attributes and trace state. Settings after {@link Builder#span} apply to that span.
 */
final class TestTraces {

    static final long T0_NANOS = 1_790_000_000_000_000_000L;
    private static long nextId = 1;

    private TestTraces() {}

    static Builder trace() {
        return new Builder();
    }

    /** A trace of {@code n} one-millisecond spans of one service. */
    static SampledTrace withSpans(int n) {
        Builder b = trace();
        for (int i = 0; i < n; i++) {
            b.span("svc", "op" + i, i, 1);
        }
        return b.build();
    }

    /** A trace of one span with the given id, for the trace-id based policies. */
    static SampledTrace withId(byte[] traceId) {
        return trace().id(traceId).span("svc", "op", 0, 1).build();
    }

    static byte[] randomId(Random random) {
        byte[] id = new byte[Ids.TRACE_ID_BYTES];
        do {
            random.nextBytes(id);
        } while (!Ids.isValidTraceId(id));
        return id;
    }

    static final class Builder {
        private byte[] traceId = ByteBuffer.allocate(16).putLong(0x7e57L).putLong(nextId++).array();
        private boolean exemplar;
        private final Map<String, Resource.Builder> resources = new LinkedHashMap<>();
        private final Map<String, List<Span.Builder>> spansByService = new LinkedHashMap<>();
        private Span.Builder last;
        private String lastService;

        Builder id(byte[] id) {
            this.traceId = id.clone();
            return this;
        }

        Builder id(String hex) {
            return id(Ids.fromHex(hex));
        }

        Builder exemplarCandidate() {
            this.exemplar = true;
            return this;
        }

        /** Adds a span of {@code service}, starting {@code startMs} after a fixed instant. */
        Builder span(String service, String name, long startMs, long durationMs) {
            long start = T0_NANOS + startMs * 1_000_000L;
            int n = spansByService.values().stream().mapToInt(List::size).sum() + 1;
            last = Span.newBuilder()
                    .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putInt(7).putInt(n).array()))
                    .setName(name)
                    .setStartTimeUnixNano(start)
                    .setEndTimeUnixNano(start + durationMs * 1_000_000L);
            lastService = service;
            resources.computeIfAbsent(service, s -> Resource.newBuilder().addAttributes(kv("service.name", s)));
            spansByService.computeIfAbsent(service, s -> new ArrayList<>()).add(last);
            return this;
        }

        Builder status(Status.StatusCode code) {
            last.setStatus(Status.newBuilder().setCode(code));
            return this;
        }

        Builder error() {
            return status(Status.StatusCode.STATUS_CODE_ERROR);
        }

        /** An attribute of the last span: a String, Long, Integer, Double or Boolean. */
        Builder attr(String key, Object value) {
            last.addAttributes(kv(key, value));
            return this;
        }

        /** An attribute of the last span's resource (its service). */
        Builder resourceAttr(String key, Object value) {
            resources.get(lastService).addAttributes(kv(key, value));
            return this;
        }

        /** The W3C trace state of the last span, e.g. {@code "vendor=a,tier=gold"}. */
        Builder traceState(String state) {
            last.setTraceState(state);
            return this;
        }

        TracesData data() {
            TracesData.Builder data = TracesData.newBuilder();
            for (Map.Entry<String, List<Span.Builder>> service : spansByService.entrySet()) {
                ScopeSpans.Builder scope = ScopeSpans.newBuilder();
                for (Span.Builder span : service.getValue()) {
                    scope.addSpans(span.setTraceId(ByteString.copyFrom(traceId)));
                }
                data.addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(resources.get(service.getKey()))
                        .addScopeSpans(scope));
            }
            return data.build();
        }

        SampledTrace build() {
            return new SampledTrace(traceId, data(), exemplar);
        }
    }

    static KeyValue kv(String key, Object value) {
        AnyValue.Builder v = AnyValue.newBuilder();
        if (value instanceof String s) {
            v.setStringValue(s);
        } else if (value instanceof Long || value instanceof Integer) {
            v.setIntValue(((Number) value).longValue());
        } else if (value instanceof Double d) {
            v.setDoubleValue(d);
        } else if (value instanceof Boolean b) {
            v.setBoolValue(b);
        } else {
            throw new IllegalArgumentException("unsupported attribute value " + value);
        }
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }
}
