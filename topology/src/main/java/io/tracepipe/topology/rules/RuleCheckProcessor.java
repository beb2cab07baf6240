package io.tracepipe.topology.rules;

import io.tracepipe.anomaly.health.HealthMetric;
import io.tracepipe.anomaly.health.HealthSettings;
import io.tracepipe.anomaly.health.HealthSpan;
import io.tracepipe.anomaly.health.HealthTrace;
import io.tracepipe.anomaly.health.TraceHealth;
import io.tracepipe.anomaly.health.TraceHealthCheck;
import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.rules.Condition;
import io.tracepipe.anomaly.model.TraceView;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.GroupKeyBudget;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.stats.ExemplarRanking;
import io.tracepipe.anomaly.stats.HyperLogLog;
import io.tracepipe.anomaly.stats.SpanCauses;
import io.tracepipe.anomaly.stats.WindowStats;
import io.tracepipe.anomaly.trace.TraceEvidence;
import io.tracepipe.topology.assembly.AssembledTrace;
import io.tracepipe.topology.assembly.AssemblerOutput;
import io.tracepipe.topology.assembly.BatchEnd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Checks every span of every assembled trace against the rules and pre-aggregates the matching
 * spans per (rule, group key, window) in a store of this task; the partials are forwarded, keyed
 * by rule and group key, every flush interval. Only these partials are repartitioned, never the
 * spans themselves. A partial is updated in memory per trace and written to the store once per run
 * of emissions (at the assembler's {@link BatchEnd}), not once per trace. Each trace is passed on
 * to sampling, flagged when one of its spans may become an alert exemplar.
 */
public final class RuleCheckProcessor implements Processor<String, AssemblerOutput, String, RuleCheckOutput> {
    public static final String PARTIAL_STORE = "tracepipe-rule-partials";

    private final List<Rule> rules;
    private final Duration flushInterval;
    // only rules on orphan, skew or retry rates need the instrumentation checks
    private final TraceHealthCheck healthCheck;
    private final Map<String, GroupKeyBudget> budgets = new HashMap<>();
    private final ExemplarCandidates candidates = new ExemplarCandidates();
    private final BadSpans badSpans = new BadSpans();
    // The decoded twin of every partial in the store; the ones traces changed since the last batch end are dirty.
    // Traces update the twins only; each dirty partial is encoded and written once per run of emissions, at the
    // assembler's batch end, which always comes before the task can commit: the store is complete at every commit.
    private final Map<RuleKeys.Window, WindowStats> decoded = new HashMap<>();
    private final Set<RuleKeys.Window> dirty = new HashSet<>();
    private ProcessorContext<String, RuleCheckOutput> context;
    private KeyValueStore<String, byte[]> partials;

    public RuleCheckProcessor(List<Rule> rules, Duration flushInterval) {
        this(rules, flushInterval, HealthSettings.DEFAULTS.skewTolerance());
    }

    /** @param skewTolerance how far a child may stick out of its cross-service parent, for {@code skewed_span_rate} rules */
    public RuleCheckProcessor(List<Rule> rules, Duration flushInterval, Duration skewTolerance) {
        this.rules = List.copyOf(rules);
        this.flushInterval = flushInterval;
        boolean needsHealth = rules.stream().anyMatch(r -> r.condition() instanceof Condition.Instrumentation);
        this.healthCheck = needsHealth ? new TraceHealthCheck(skewTolerance) : null;
    }

    /** The processor with its store, for {@code KStream#process}. */
    public static ProcessorSupplier<String, AssemblerOutput, String, RuleCheckOutput> supplier(List<Rule> rules, Duration flushInterval) {
        return supplier(rules, flushInterval, HealthSettings.DEFAULTS.skewTolerance());
    }

    /** As {@link #supplier(List, Duration)}, with the skew tolerance of {@code skewed_span_rate} rules. */
    public static ProcessorSupplier<String, AssemblerOutput, String, RuleCheckOutput> supplier(List<Rule> rules, Duration flushInterval,
            Duration skewTolerance) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, AssemblerOutput, String, RuleCheckOutput> get() {
                return new RuleCheckProcessor(rules, flushInterval, skewTolerance);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARTIAL_STORE), Serdes.String(), Serdes.ByteArray())
                        .withCachingEnabled());
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, RuleCheckOutput> context) {
        this.context = context;
        this.partials = context.getStateStore(PARTIAL_STORE);
        // init runs again when a task is revived after an aborted transaction: the store is the truth
        decoded.clear();
        dirty.clear();
        for (Rule rule : rules) {
            budgets.put(rule.name(), new GroupKeyBudget(rule.maxKeys()));
        }
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(Record<String, AssemblerOutput> record) {
        if (record.value() instanceof AssembledTrace assembled) {
            checkTrace(record, assembled);
        } else if (record.value() instanceof BatchEnd) {
            writeDirty();
        }
    }

    private void checkTrace(Record<String, AssemblerOutput> record, AssembledTrace assembled) {
        TraceView trace = SpanViews.of(assembled.traceIdHex(), assembled.data());
        TraceEvidence evidence = new TraceEvidence(trace);
        // a late part's parents are in the part emitted before it, a truncated trace's may be cut off: not checked
        Map<HealthMetric, Set<String>> flagged = healthCheck == null || assembled.late() || assembled.truncated()
                ? Map.of() : flagged(trace);
        boolean exemplarCandidate = false;
        for (SpanView span : trace.spans()) {
            for (Rule rule : rules) {
                if (!rule.matches(span)) {
                    continue;
                }
                exemplarCandidate |= check(rule, span, evidence, flagged);
            }
        }
        context.forward(record.withValue(new CheckedTrace(assembled, exemplarCandidate)));
    }

    /** The spans of the trace each instrumentation check flagged. */
    private Map<HealthMetric, Set<String>> flagged(TraceView trace) {
        TraceHealth health = healthCheck.check(new HealthTrace(trace.traceId(), trace.spans().stream().map(HealthSpan::of).toList()));
        Map<HealthMetric, Set<String>> flagged = new EnumMap<>(HealthMetric.class);
        for (HealthMetric metric : HealthMetric.values()) {
            flagged.put(metric, health.flagged(metric));
        }
        return flagged;
    }

    /** Adds a matching span to every window of the rule it falls in; says whether it may become an exemplar. */
    private boolean check(Rule rule, SpanView span, TraceEvidence evidence, Map<HealthMetric, Set<String>> flagged) {
        GroupKey key = rule.groupKeyOf(span);
        ExemplarRanking ranking = rule.exemplarRanking();
        Condition condition = rule.condition();
        // error evidence is explained by where the errors began, latency evidence by the critical path; a flagged
        // span by itself (its service and operation are what the instrumentation fix is about)
        Supplier<SpanCauses> causes = condition instanceof Condition.Instrumentation
                ? () -> new SpanCauses(List.of(new SpanCauses.Cause(span.service(), span.operation(), 1)), 1)
                : ranking == ExemplarRanking.ERRORS_FIRST ? () -> evidence.errorCauses(span) : () -> evidence.latencyCauses(span);
        long[] starts = rule.windowStartsContaining(span.endNanos() / 1_000_000);
        GroupKeyBudget budget = budgets.get(rule.name());
        boolean bad = condition instanceof Condition.Instrumentation c
                ? flagged.getOrDefault(c.metric(), Set.of()).contains(span.spanId())
                : badSpans.isBad(rule, budget.admit(starts[starts.length - 1], key), span);
        Object watched = condition instanceof Condition.AttributeCardinality c ? span.attributes().get(c.key()) : null;
        List<String> attributeKeys = rule.explanationKeys();
        boolean exemplarCandidate = false;
        for (long windowStart : starts) {
            GroupKey admitted = budget.admit(windowStart, key);
            RuleKeys.Window window = new RuleKeys.Window(rule.name(), windowStart, admitted);
            WindowStats stats = decoded.computeIfAbsent(window, w -> {
                byte[] stored = partials.get(w.encoded());
                return stored == null ? new WindowStats(ranking) : WindowStats.decode(stored);
            });
            dirty.add(window);
            stats.add(span, rule.slowThresholdNanos(), bad, causes, attributeKeys);
            if (watched != null) {
                stats.addDistinct(HyperLogLog.hash(watched.toString()));
            }
            exemplarCandidate |= candidates.offer(rule, admitted, windowStart, span);
            if (bad) {
                for (SpanCauses.Cause cause : causes.get().causes()) {
                    exemplarCandidate |= candidates.offerExample(rule, admitted, windowStart, cause.key(),
                            WindowStats.exampleOf(span, cause, ranking));
                }
            }
        }
        return exemplarCandidate;
    }

    private void writeDirty() {
        for (RuleKeys.Window window : dirty) {
            partials.put(window.encoded(), decoded.get(window).encode());
        }
        dirty.clear();
    }

    /** Sends every partial downstream and forgets it: the judge owns the window from now on. */
    private void flush(long now) {
        writeDirty(); // normally nothing: the assembler ends every run of emissions before a punctuation can come
        List<KeyValue<String, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = partials.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, byte[]> kv : all) {
            RuleKeys.Window window = RuleKeys.Window.decode(kv.key);
            context.forward(new Record<>(window.series(), new WindowPartial(window.startMs(), kv.value), now));
            partials.delete(kv.key);
        }
        decoded.clear();
        // group-key budgets only need the windows that can still receive spans
        long horizon = now - Duration.ofHours(1).toMillis();
        budgets.values().forEach(b -> b.forgetBefore(horizon));
        candidates.forgetBefore(horizon);
        badSpans.forgetBefore(horizon);
    }
}
