package io.tracepipe.bench.jmh;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.ingest.OtlpRecordDecoder;
import io.tracepipe.ingest.TraceFragment;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.TraceKind;
import io.tracepipe.devkit.generator.TraceMix;
import io.tracepipe.devkit.generator.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Emission side of assembly, through public API only ({@code TraceMerger} is package-private):
 * the fragments of one large generated trace (bulk checkout, ~100-300 spans, as the decoder cut
 * them) parsed and regrouped the way the merger does (parse each fragment, group by Resource and
 * Scope, dedupe span ids), then serialized as the output record. Reported per trace.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class AssemblyBench {
    private List<List<byte[]>> traces;
    private int next;

    @Setup
    public void setup() {
        List<OtlpRecord> records = Workload.generate(GeneratorSettings.defaults(3).withMix(TraceMix.only(TraceKind.BULK_CHECKOUT))
                .withTracesPerSecond(200), 200, Instant.parse("2026-01-01T00:00:00Z"));
        OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.OTLP_PROTO);
        Map<String, List<byte[]>> byTrace = new LinkedHashMap<>();
        long spans = 0;
        for (OtlpRecord r : records) {
            for (TraceFragment f : decoder.decode(r.value()).fragments()) {
                byTrace.computeIfAbsent(f.traceIdHex(), k -> new ArrayList<>()).add(f.tracesData());
                spans += f.spanCount();
            }
        }
        traces = new ArrayList<>(byTrace.values());
        System.out.printf("%n%d traces, %.1f spans/trace, %.1f fragments/trace%n", traces.size(), (double) spans / traces.size(),
                traces.stream().mapToInt(List::size).average().orElse(0));
    }

    @Benchmark
    public byte[] mergeTrace() throws Exception {
        List<byte[]> fragments = traces.get(next);
        next = (next + 1) % traces.size();
        Map<Object, Map<Object, ScopeSpans.Builder>> groups = new LinkedHashMap<>();
        Set<ByteString> ids = new HashSet<>();
        for (byte[] f : fragments) {
            TracesData data = TracesData.parseFrom(f);
            for (ResourceSpans rs : data.getResourceSpansList()) {
                Map<Object, ScopeSpans.Builder> scopes = groups.computeIfAbsent(List.of(rs.getResource(), rs.getSchemaUrl()), k -> new LinkedHashMap<>());
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    ScopeSpans.Builder target = scopes.computeIfAbsent(List.of(ss.getScope(), ss.getSchemaUrl()),
                            k -> ScopeSpans.newBuilder().setScope(ss.getScope()).setSchemaUrl(ss.getSchemaUrl()));
                    for (Span s : ss.getSpansList()) {
                        if (ids.add(s.getSpanId())) {
                            target.addSpans(s);
                        }
                    }
                }
            }
        }
        TracesData.Builder out = TracesData.newBuilder();
        groups.forEach((k, scopes) -> {
            @SuppressWarnings("unchecked")
            List<Object> key = (List<Object>) k;
            ResourceSpans.Builder rs = out.addResourceSpansBuilder().setResource((io.opentelemetry.proto.resource.v1.Resource) key.get(0))
                    .setSchemaUrl((String) key.get(1));
            scopes.values().forEach(rs::addScopeSpans);
        });
        return out.build().toByteArray();
    }
}
