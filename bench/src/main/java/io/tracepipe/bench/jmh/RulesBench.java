package io.tracepipe.bench.jmh;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.rules.RulesParser;
import io.tracepipe.anomaly.stats.ExemplarRanking;
import io.tracepipe.anomaly.stats.SpanCauses;
import io.tracepipe.anomaly.stats.TailCut;
import io.tracepipe.anomaly.stats.WindowStats;
import io.tracepipe.anomaly.trace.CriticalPath;
import io.tracepipe.anomaly.trace.TraceEvidence;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.ingest.OtlpRecordDecoder;
import io.tracepipe.ingest.TraceFragment;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.Workload;
import io.tracepipe.topology.rules.SpanViews;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Rule work per assembled trace of the default mix: span views; matching + WindowStats.add for the
 * shipped rules, with what explains the bad spans (error origins, critical paths, attribute
 * contrast) as the rule check does it; the critical path of a whole trace.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class RulesBench {
    private List<Rule> rules;
    private final List<TraceView> views = new ArrayList<>();
    private final List<TracesData> datas = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private WindowStats[] stats;
    private TailCut[] tails;
    private int next;

    @Setup
    public void setup() throws Exception {
        try (InputStream in = RulesBench.class.getResourceAsStream("/io/tracepipe/app/config/default-rules.yaml")) {
            rules = RulesParser.parseDocument(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<OtlpRecord> records = Workload.generate(GeneratorSettings.defaults(5).withTracesPerSecond(500), 2000, Instant.parse("2026-01-01T00:00:00Z"));
        OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.OTLP_PROTO);
        Map<String, TracesData.Builder> byTrace = new LinkedHashMap<>();
        for (OtlpRecord r : records) {
            for (TraceFragment f : decoder.decode(r.value()).fragments()) {
                byTrace.computeIfAbsent(f.traceIdHex(), k -> TracesData.newBuilder()).mergeFrom(TracesData.parseFrom(f.tracesData()));
            }
        }
        long spans = 0;
        for (Map.Entry<String, TracesData.Builder> e : byTrace.entrySet()) {
            TracesData d = e.getValue().build();
            ids.add(e.getKey());
            datas.add(d);
            TraceView v = SpanViews.of(e.getKey(), d);
            views.add(v);
            spans += v.spans().size();
        }
        stats = new WindowStats[rules.size()];
        tails = new TailCut[rules.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = new WindowStats(rules.get(i).exemplarRanking());
            tails[i] = new TailCut();
        }
        System.out.printf("%n%d rules, %d traces, %.1f spans/trace%n", rules.size(), views.size(), (double) spans / views.size());
    }

    private int advance() {
        int i = next;
        next = (next + 1) % views.size();
        return i;
    }

    /** TracesData → span views (the parse a rule check needs). */
    @Benchmark
    public TraceView spanViews() {
        int i = advance();
        return SpanViews.of(ids.get(i), datas.get(i));
    }

    /**
     * Every shipped rule on every span of a trace, as the rule check does it: match, group key, bad
     * or not (failed, beyond the bound, or in the tail), then WindowStats.add with the span's causes
     * (computed for bad spans and new exemplars) and the default attribute keys.
     */
    @Benchmark
    public void ruleChecks(Blackhole bh) {
        TraceView v = views.get(advance());
        TraceEvidence evidence = new TraceEvidence(v);
        for (int r = 0; r < rules.size(); r++) {
            Rule rule = rules.get(r);
            boolean errors = rule.exemplarRanking() == ExemplarRanking.ERRORS_FIRST;
            long bound = rule.condition().badLatencyNanos();
            for (SpanView s : v.spans()) {
                if (rule.matches(s)) {
                    bh.consume(rule.groupKeyOf(s));
                    long cut = errors || bound >= 0 ? bound : tails[r].observe(s.endNanos() / 60_000_000_000L, s.durationNanos());
                    boolean bad = errors ? s.isError() : cut >= 0 && s.durationNanos() > cut;
                    Supplier<SpanCauses> causes = errors ? () -> evidence.errorCauses(s) : () -> evidence.latencyCauses(s);
                    stats[r].add(s, rule.slowThresholdNanos(), bad, causes, rule.explanationKeys());
                }
            }
        }
    }

    @Benchmark
    public CriticalPath criticalPath() {
        return CriticalPath.of(views.get(advance()));
    }
}
