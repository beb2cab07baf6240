package io.tracepipe.topology.rules;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.ExplanationKeys;
import io.tracepipe.anomaly.rules.GroupKeyBudget;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.stats.ExemplarRanking;
import io.tracepipe.anomaly.stats.SpanCauses;
import io.tracepipe.anomaly.stats.WindowStats;
import io.tracepipe.anomaly.trace.TraceEvidence;
import io.tracepipe.topology.assembly.AssembledTrace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
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
 * of emissions (at the assembler's {@link AssembledTrace#BATCH_END}), not once per trace. Each
 * trace is passed on to sampling, flagged when one of its spans may become an alert exemplar.
 */
public final class RuleCheckProcessor implements Processor<String, AssembledTrace, String, RuleCheckOutput> {
    public static final String PARTIAL_STORE = "tracepipe-rule-partials";

    private final List<Rule> rules;
    private final Duration flushInterval;
    private final Map<String, GroupKeyBudget> budgets = new HashMap<>();
    private final ExemplarCandidates candidates = new ExemplarCandidates();
    // The decoded twin of every partial in the store; the ones traces changed since the last batch end are dirty.
    // Traces update the twins only; each dirty partial is encoded and written once per run of emissions, at the
    // assembler's batch end, which always comes before the task can commit: the store is complete at every commit.
    private final Map<Bytes, WindowStats> decoded = new HashMap<>();
    private final Set<Bytes> dirty = new HashSet<>();
    private ProcessorContext<String, RuleCheckOutput> context;
    private KeyValueStore<Bytes, byte[]> partials;

    public RuleCheckProcessor(List<Rule> rules, Duration flushInterval) {
        this.rules = List.copyOf(rules);
        this.flushInterval = flushInterval;
    }

    /** The processor with its store, for {@code KStream#process}. */
    public static ProcessorSupplier<String, AssembledTrace, String, RuleCheckOutput> supplier(List<Rule> rules, Duration flushInterval) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, AssembledTrace, String, RuleCheckOutput> get() {
                return new RuleCheckProcessor(rules, flushInterval);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARTIAL_STORE), Serdes.Bytes(), Serdes.ByteArray())
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
    public void process(Record<String, AssembledTrace> record) {
        AssembledTrace assembled = record.value();
        if (assembled.isBatchEnd()) {
            writeDirty();
            return;
        }
        TraceView trace = SpanViews.of(assembled.traceIdHex(), assembled.data());
        TraceEvidence evidence = new TraceEvidence(trace);
        boolean exemplarCandidate = false;
        for (SpanView span : trace.spans()) {
            for (Rule rule : rules) {
                if (!rule.matches(span)) {
                    continue;
                }
                GroupKey key = rule.groupKeyOf(span);
                ExemplarRanking ranking = rule.exemplarRanking();
                // error evidence is explained by where the errors began, latency evidence by the critical path
                boolean errors = ranking == ExemplarRanking.ERRORS_FIRST;
                Supplier<SpanCauses> causes = errors ? () -> evidence.errorCauses(span) : () -> evidence.latencyCauses(span);
                long badLatency = rule.condition().badLatencyNanos();
                boolean bad = errors ? span.isError() : badLatency >= 0 && span.durationNanos() > badLatency;
                for (long windowStart : rule.windowStartsContaining(span.endNanos() / 1_000_000)) {
                    GroupKey admitted = budgets.get(rule.name()).admit(windowStart, key);
                    Bytes storeKey = partialKey(rule.name(), windowStart, admitted);
                    WindowStats stats = decoded.computeIfAbsent(storeKey, k -> {
                        byte[] stored = partials.get(k);
                        return stored == null ? new WindowStats(ranking) : WindowStats.decode(stored);
                    });
                    dirty.add(storeKey);
                    stats.add(span, rule.slowThresholdNanos(), bad, causes, ExplanationKeys.DEFAULTS);
                    exemplarCandidate |= candidates.offer(rule, admitted, windowStart, span);
                }
            }
        }
        context.forward(record.withValue(RuleCheckOutput.of(assembled, exemplarCandidate)));
    }

    private void writeDirty() {
        for (Bytes key : dirty) {
            partials.put(key, decoded.get(key).encode());
        }
        dirty.clear();
    }

    /** Sends every partial downstream and forgets it: the aggregator owns the window from now on. */
    private void flush(long now) {
        writeDirty(); // normally nothing: the assembler ends every run of emissions before a punctuation can come
        List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = partials.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<Bytes, byte[]> kv : all) {
            PartialKey key = PartialKey.parse(kv.key.get());
            context.forward(new Record<>(RuleKeys.series(key.rule, key.groupKey),
                    RuleCheckOutput.of(new WindowPartial(key.windowStartMs, kv.value)), now));
            partials.delete(kv.key);
        }
        decoded.clear();
        // group-key budgets only need the windows that can still receive spans
        long horizon = now - Duration.ofHours(1).toMillis();
        budgets.values().forEach(b -> b.forgetBefore(horizon));
        candidates.forgetBefore(horizon);
    }

    private static Bytes partialKey(String rule, long windowStartMs, GroupKey key) {
        byte[] r = rule.getBytes(StandardCharsets.UTF_8);
        byte[] k = key.encoded().getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Integer.BYTES + r.length + Long.BYTES + k.length)
                .putInt(r.length).put(r).putLong(windowStartMs).put(k).array());
    }

    private record PartialKey(String rule, long windowStartMs, GroupKey groupKey) {
        static PartialKey parse(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] r = new byte[b.getInt()];
            b.get(r);
            long start = b.getLong();
            byte[] k = new byte[b.remaining()];
            b.get(k);
            return new PartialKey(new String(r, StandardCharsets.UTF_8), start,
                    GroupKey.decode(new String(k, StandardCharsets.UTF_8)));
        }
    }
}
