package io.tracepipe.topology.rules;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.GroupKeyBudget;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.stats.ExemplarRanking;
import io.tracepipe.anomaly.stats.SpanCauses;
import io.tracepipe.anomaly.stats.WindowStats;
import io.tracepipe.anomaly.trace.TraceEvidence;
import io.tracepipe.topology.assembly.AssembledTrace;
import io.tracepipe.topology.assembly.AssemblerOutput;
import io.tracepipe.topology.assembly.BatchEnd;
import java.time.Duration;
import java.util.ArrayList;
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
        this.rules = List.copyOf(rules);
        this.flushInterval = flushInterval;
    }

    /** The processor with its store, for {@code KStream#process}. */
    public static ProcessorSupplier<String, AssemblerOutput, String, RuleCheckOutput> supplier(List<Rule> rules, Duration flushInterval) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, AssemblerOutput, String, RuleCheckOutput> get() {
                return new RuleCheckProcessor(rules, flushInterval);
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
        boolean exemplarCandidate = false;
        for (SpanView span : trace.spans()) {
            for (Rule rule : rules) {
                if (!rule.matches(span)) {
                    continue;
                }
                exemplarCandidate |= check(rule, span, evidence);
            }
        }
        context.forward(record.withValue(new CheckedTrace(assembled, exemplarCandidate)));
    }

    /** Adds a matching span to every window of the rule it falls in; says whether it may become an exemplar. */
    private boolean check(Rule rule, SpanView span, TraceEvidence evidence) {
        GroupKey key = rule.groupKeyOf(span);
        ExemplarRanking ranking = rule.exemplarRanking();
        // error evidence is explained by where the errors began, latency evidence by the critical path
        Supplier<SpanCauses> causes = ranking == ExemplarRanking.ERRORS_FIRST
                ? () -> evidence.errorCauses(span) : () -> evidence.latencyCauses(span);
        long[] starts = rule.windowStartsContaining(span.endNanos() / 1_000_000);
        GroupKeyBudget budget = budgets.get(rule.name());
        boolean bad = badSpans.isBad(rule, budget.admit(starts[starts.length - 1], key), span);
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
