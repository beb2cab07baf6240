package io.tracepipe.topology.rules;

import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertJson;
import io.tracepipe.alerting.lifecycle.AlertLifecycle;
import io.tracepipe.alerting.lifecycle.AlertState;
import io.tracepipe.alerting.lifecycle.LifecycleSettings;
import io.tracepipe.alerting.lifecycle.RuleDecoration;
import io.tracepipe.alerting.lifecycle.Transition;
import io.tracepipe.alerting.sink.AlertSink;
import io.tracepipe.anomaly.eval.BaselineLearner;
import io.tracepipe.anomaly.eval.BaselineState;
import io.tracepipe.anomaly.eval.Evaluator;
import io.tracepipe.anomaly.eval.NormalProfile;
import io.tracepipe.anomaly.eval.ProfileLearner;
import io.tracepipe.anomaly.eval.Verdict;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.stats.WindowStats;
import io.tracepipe.topology.PipelineSensors;
import io.tracepipe.redaction.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * Merges the partial statistics of each (rule, group key, window) and, once a window is closed
 * (its end plus the grace has passed on the wall clock), judges it: verdict and its explanation,
 * baseline and normal-profile learning, alert lifecycle. Each state change is forwarded as alert JSON keyed by fingerprint (and handed
 * to the optional alert sink). Series with a pending or firing alert are judged every window,
 * with or without spans, so an alert whose traffic stopped still resolves.
 */
public final class WindowJudge implements Processor<String, WindowPartial, String, String> {
    public static final String WINDOW_STORE = "tracepipe-rule-windows";
    public static final String BASELINE_STORE = "tracepipe-rule-baselines";
    public static final String ALERT_STATE_STORE = "tracepipe-alert-states";
    public static final String CLOCK_STORE = "tracepipe-rule-clock";
    public static final String PROFILE_STORE = "tracepipe-rule-profiles";

    // After a long stop, judge at most this many empty windows per rule for open alerts.
    private static final int MAX_CATCH_UP_WINDOWS = 100;

    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final Duration grace;
    private final Duration punctuateInterval;
    private final AlertSink sink;
    private final Redactor redactor;
    private final String traceUrl;
    private final Evaluator evaluator = new Evaluator();
    private final BaselineLearner learner = new BaselineLearner();
    private final ProfileLearner profileLearner = new ProfileLearner();
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, byte[]> windows;
    private KeyValueStore<String, byte[]> baselines;
    private KeyValueStore<String, byte[]> alertStates;
    private KeyValueStore<String, Long> clocks;
    private KeyValueStore<String, byte[]> profiles;
    private Sensor lateWindowSpans;
    private Sensor unknownRulePartials;
    private Sensor cappedAttributeValues;

    /**
     * @param grace how long after a window's end its spans may still arrive (traces are emitted an
     *     inactivity gap after their last span)
     * @param sink where alerts also go besides the topic; null for none
     * @param redactor applied to alert labels (a rule may group by an attribute holding personal data)
     * @param traceUrl the template of the exemplars' links in the alert JSON ({@code {trace_id}}), or null for none
     */
    public WindowJudge(List<Rule> rules, Duration grace, Duration punctuateInterval, AlertSink sink, Redactor redactor,
            String traceUrl) {
        rules.forEach(r -> this.rules.put(r.name(), r));
        this.grace = grace;
        this.punctuateInterval = punctuateInterval;
        this.sink = sink;
        this.redactor = redactor;
        this.traceUrl = traceUrl;
    }

    /** The processor with its stores, for {@code KStream#process}; exemplar links from {@code traceUrl} (null: none). */
    public static ProcessorSupplier<String, WindowPartial, String, String> supplier(List<Rule> rules, Duration grace,
            Duration punctuateInterval, AlertSink sink, Redactor redactor, String traceUrl) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, WindowPartial, String, String> get() {
                return new WindowJudge(rules, grace, punctuateInterval, sink, redactor, traceUrl);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return storeBuilders();
            }
        };
    }

    private static Set<StoreBuilder<?>> storeBuilders() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOW_STORE), Serdes.String(), Serdes.ByteArray())
                        .withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BASELINE_STORE), Serdes.String(), Serdes.ByteArray()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERT_STATE_STORE), Serdes.String(), Serdes.ByteArray()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOCK_STORE), Serdes.String(), Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILE_STORE), Serdes.String(), Serdes.ByteArray()));
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.windows = context.getStateStore(WINDOW_STORE);
        this.baselines = context.getStateStore(BASELINE_STORE);
        this.alertStates = context.getStateStore(ALERT_STATE_STORE);
        this.clocks = context.getStateStore(CLOCK_STORE);
        this.profiles = context.getStateStore(PROFILE_STORE);
        this.lateWindowSpans = PipelineSensors.counter(context, PipelineSensors.LATE_WINDOW_SPANS);
        this.unknownRulePartials = PipelineSensors.counter(context, PipelineSensors.UNKNOWN_RULE_PARTIALS);
        this.cappedAttributeValues = PipelineSensors.counter(context, PipelineSensors.CAPPED_ATTRIBUTE_VALUES);
        context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, this::closeDueWindows);
    }

    @Override
    public void process(Record<String, WindowPartial> record) {
        String ruleName = RuleKeys.ruleOf(record.key());
        Rule rule = rules.get(ruleName);
        WindowStats partial = WindowStats.decode(record.value().stats());
        if (rule == null) {
            // statistics of a rule removed from the configuration since they were taken
            unknownRulePartials.record(partial.count());
            return;
        }
        long windowStart = record.value().windowStartMs();
        Long closedUpTo = clocks.get(ruleName);
        if (closedUpTo != null && windowStart <= closedUpTo) {
            lateWindowSpans.record(partial.count());
            return;
        }
        String key = new RuleKeys.Window(ruleName, windowStart, RuleKeys.groupKeyOf(record.key())).encoded();
        byte[] stored = windows.get(key);
        if (stored != null) {
            WindowStats merged = WindowStats.decode(stored);
            merged.merge(partial);
            partial = merged;
        }
        windows.put(key, partial.encode());
    }

    private void closeDueWindows(long now) {
        for (Rule rule : rules.values()) {
            closeDueWindows(rule, now);
        }
    }

    private void closeDueWindows(Rule rule, long now) {
        long advance = rule.windowAdvance().toMillis();
        long size = rule.windowSize().toMillis();
        long latestClosable = Math.floorDiv(now - grace.toMillis() - size, advance) * advance;
        Long closedUpTo = clocks.get(rule.name());
        if (closedUpTo != null && closedUpTo >= latestClosable) {
            return;
        }
        TreeMap<Long, Map<GroupKey, WindowStats>> withData = windowsUpTo(rule.name(), latestClosable);
        TreeSet<Long> starts = new TreeSet<>(withData.keySet());
        long firstEmpty = closedUpTo == null ? latestClosable : Math.max(closedUpTo + advance, latestClosable - MAX_CATCH_UP_WINDOWS * advance);
        for (long s = firstEmpty; s <= latestClosable; s += advance) {
            starts.add(s);
        }
        for (long start : starts) {
            Map<GroupKey, WindowStats> stats = withData.getOrDefault(start, Map.of());
            stats.forEach((key, window) -> judge(rule, key, start, start + size, window, now));
            for (GroupKey open : openSeries(rule.name())) {
                if (!stats.containsKey(open)) {
                    judge(rule, open, start, start + size, null, now);
                }
            }
            stats.keySet().forEach(key -> windows.delete(new RuleKeys.Window(rule.name(), start, key).encoded()));
        }
        clocks.put(rule.name(), latestClosable);
    }

    private TreeMap<Long, Map<GroupKey, WindowStats>> windowsUpTo(String rule, long latestStart) {
        TreeMap<Long, Map<GroupKey, WindowStats>> out = new TreeMap<>();
        String from = RuleKeys.windowPrefix(rule, 0);
        String to = RuleKeys.windowPrefix(rule, latestStart + 1);
        try (KeyValueIterator<String, byte[]> it = windows.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                RuleKeys.Window window = RuleKeys.Window.decode(kv.key);
                out.computeIfAbsent(window.startMs(), s -> new LinkedHashMap<>()).put(window.groupKey(), WindowStats.decode(kv.value));
            }
        }
        return out;
    }

    /** Group keys of the rule with a pending or firing alert (inactive series are not stored). */
    private Set<GroupKey> openSeries(String rule) {
        Set<GroupKey> open = new java.util.HashSet<>();
        try (KeyValueIterator<String, byte[]> it = alertStates.prefixScan(RuleKeys.rulePrefix(rule), new StringSerializer())) {
            it.forEachRemaining(kv -> open.add(RuleKeys.groupKeyOf(kv.key)));
        }
        return open;
    }

    private void judge(Rule rule, GroupKey key, long start, long end, WindowStats stats, long now) {
        String series = RuleKeys.series(rule.name(), key);
        byte[] storedBaseline = baselines.get(series);
        BaselineState baseline = storedBaseline == null ? null : BaselineState.decode(storedBaseline);
        byte[] storedProfile = profiles.get(series);
        NormalProfile profile = storedProfile == null ? null : NormalProfile.decode(storedProfile);
        Verdict verdict = evaluator.evaluate(rule, key, start, end, stats, baseline, profile);
        BaselineState learned = learner.learn(rule, baseline, verdict);
        if (learned != null && learned != baseline) {
            baselines.put(series, learned.encode());
        }
        NormalProfile learnedProfile = profileLearner.learn(rule, profile, verdict, stats);
        if (learnedProfile != null && learnedProfile != profile) {
            profiles.put(series, learnedProfile.encode());
        }
        if (stats != null && stats.cappedAttributeValues() > 0) {
            cappedAttributeValues.record(stats.cappedAttributeValues());
        }

        byte[] storedState = alertStates.get(series);
        AlertState previous = storedState == null ? null : AlertState.decode(storedState);
        Transition t = AlertLifecycle.step(previous, verdict, new RuleDecoration(rule.labels(), rule.annotations()),
                new LifecycleSettings(rule.forWindows(), rule.resolveAfterWindows(), rule.repeatInterval()), Instant.ofEpochMilli(now));
        if (t.state().phase() == AlertState.Phase.INACTIVE) {
            if (storedState != null) {
                alertStates.delete(series);
            }
        } else {
            alertStates.put(series, t.state().encode());
        }
        t.alert().ifPresent(alert -> publish(alert, now));
    }

    private void publish(Alert raw, long now) {
        Alert alert = redacted(raw, redactor);
        context.forward(new Record<>(alert.fingerprint(), AlertJson.toJson(alert, traceUrl), now));
        if (sink != null) {
            sink.publish(alert);
        }
    }

    /**
     * The alert as it may leave: labels and the explanation's attribute values redacted by the same
     * rules as traces (the attribute key as the label name); an attribute the rules remove is left out.
     */
    static Alert redacted(Alert alert, Redactor redactor) {
        if (redactor.isNoop()) {
            return alert;
        }
        Alert labelled = alert.withLabels(redactor.redactLabels(alert.labels()));
        Alert.Explanation explanation = alert.explanation();
        if (explanation == null) {
            return labelled;
        }
        List<Alert.AttributeContrast> attributes = new ArrayList<>();
        for (Alert.AttributeContrast attribute : explanation.attributes()) {
            String value = redactor.redactLabels(Map.of(attribute.key(), attribute.value())).get(attribute.key());
            if (value != null) {
                attributes.add(new Alert.AttributeContrast(attribute.key(), value, attribute.badShare(), attribute.goodShare()));
            }
        }
        return labelled.withExplanation(new Alert.Explanation(explanation.kind(), explanation.badSpans(), explanation.suspects(),
                attributes, explanation.cappedValues()));
    }
}
