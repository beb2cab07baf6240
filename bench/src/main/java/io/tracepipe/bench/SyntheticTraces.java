package io.tracepipe.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Traces of one fixed size, built with the OTLP classes and cut into collector-like records of
 * {@code spansPerRecord} spans (one Resource and Scope per record): a small trace shares a record
 * with others, a large one spreads over many records.
 */
final class SyntheticTraces {
    private static final String[] SERVICES = {"frontend", "checkout", "payment", "inventory", "db"};

    private SyntheticTraces() {}

    /** Emits the serialized records (TracesData = ExportTraceServiceRequest on the wire) for {@code traces} traces of {@code size} spans. */
    static void generate(long seed, long traces, int size, int spansPerRecord, long startNanos, Consumer<byte[]> out) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Span> pending = new ArrayList<>(spansPerRecord);
        int record = 0;
        for (long t = 0; t < traces; t++) {
            byte[] traceId = new byte[16];
            fill(rnd, traceId);
            ByteString tid = ByteString.copyFrom(traceId);
            long traceStart = startNanos + t * 1_000_000L;
            ByteString root = null;
            for (int i = 0; i < size; i++) {
                byte[] spanId = new byte[8];
                fill(rnd, spanId);
                ByteString sid = ByteString.copyFrom(spanId);
                long start = traceStart + i * 1000L;
                Span.Builder span = Span.newBuilder().setTraceId(tid).setSpanId(sid)
                        .setName(i == 0 ? "GET /api/orders" : "SELECT orders " + (i % 16))
                        .setKind(i == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 200_000L + rnd.nextInt(2_000_000))
                        .addAttributes(kv("http.request.method", "GET"))
                        .addAttributes(kv("db.system", "postgresql"))
                        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
                if (root != null) {
                    span.setParentSpanId(root);
                } else {
                    root = sid;
                }
                pending.add(span.build());
                if (pending.size() == spansPerRecord) {
                    out.accept(record(pending, record++));
                    pending.clear();
                }
            }
        }
        if (!pending.isEmpty()) {
            out.accept(record(pending, record));
        }
    }

    static List<byte[]> generate(long seed, long traces, int size, int spansPerRecord) {
        List<byte[]> records = new ArrayList<>();
        generate(seed, traces, size, spansPerRecord, 1_760_000_000_000_000_000L, records::add);
        return records;
    }

    private static byte[] record(List<Span> spans, int n) {
        Resource resource = Resource.newBuilder().addAttributes(kv("service.name", SERVICES[n % SERVICES.length]))
                .addAttributes(kv("k8s.pod.name", SERVICES[n % SERVICES.length] + "-7d9f-" + (n % 3))).build();
        return TracesData.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
                .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("bench").setVersion("1"))
                        .addAllSpans(spans))).build().toByteArray();
    }

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    private static void fill(SplittableRandom rnd, byte[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        b[0] |= 1; // never all zeros
    }
}
