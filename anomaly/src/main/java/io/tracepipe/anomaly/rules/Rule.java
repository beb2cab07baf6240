package io.tracepipe.anomaly.rules;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.stats.AttributeContrast;
import io.tracepipe.anomaly.stats.ExemplarRanking;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One alerting rule: which spans it looks at, how it groups and windows them, the condition each
 * window is checked against, and how alerts for it behave. Built by {@link RulesParser}.
 *
 * @param groupBy the label names of the group key: {@code service}, {@code operation} or an attribute key
 * @param maxKeys the most distinct group keys per window before new keys overflow
 * @param minCount the fewest matching spans in a window for it to say anything
 * @param forWindows breaching windows in a row before an alert fires
 * @param resolveAfterWindows clear windows in a row before a firing alert resolves
 * @param repeatInterval how often a still-firing alert is sent again
 * @param explanationKeys the attribute keys an alert's explanation contrasts between bad and good
 *     spans, in order of preference (at most {@link AttributeContrast#MAX_KEYS}; empty for none)
 */
public record Rule(
        String name,
        Severity severity,
        SpanMatcher matcher,
        List<String> groupBy,
        int maxKeys,
        Windowing window,
        int minCount,
        Condition condition,
        int forWindows,
        int resolveAfterWindows,
        Duration repeatInterval,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<String> explanationKeys) {

    /** The rule names allowed: letters, digits, {@code _ . -}. */
    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    /** The group_by label meaning the span's service. */
    public static final String SERVICE = "service";
    /** The group_by label meaning the span's name. */
    public static final String OPERATION = "operation";

    public Rule {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rule name must match " + NAME + ": " + name);
        }
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(matcher, "matcher");
        groupBy = List.copyOf(groupBy);
        if (groupBy.stream().distinct().count() != groupBy.size()) {
            throw new IllegalArgumentException("group_by names a key twice: " + groupBy);
        }
        requireAtLeastOne(maxKeys, "maxKeys");
        Objects.requireNonNull(window, "window");
        requireAtLeastOne(minCount, "minCount");
        Objects.requireNonNull(condition, "condition");
        requireAtLeastOne(forWindows, "forWindows");
        requireAtLeastOne(resolveAfterWindows, "resolveAfterWindows");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        if (repeatInterval.isNegative() || repeatInterval.isZero()) {
            throw new IllegalArgumentException("repeatInterval must be > 0: " + repeatInterval);
        }
        // LinkedHashMap keeps the order of the file, which is the order people read alerts in
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        explanationKeys = List.copyOf(explanationKeys);
        if (explanationKeys.size() > AttributeContrast.MAX_KEYS || explanationKeys.stream().distinct().count() != explanationKeys.size()) {
            throw new IllegalArgumentException("explanation keys must be distinct and at most " + AttributeContrast.MAX_KEYS + ": "
                    + explanationKeys);
        }
    }

    /** The group key of a span: for each {@code group_by} name, the service, the span name, or the attribute as text ("" when missing). */
    public GroupKey groupKeyOf(SpanView span) {
        LinkedHashMap<String, String> key = new LinkedHashMap<>();
        for (String name : groupBy) {
            key.put(name, labelValue(span, name));
        }
        return GroupKey.of(key);
    }

    /** How the worst spans of a window are chosen as evidence: failures first for error conditions, else the slowest. */
    public ExemplarRanking exemplarRanking() {
        boolean aboutErrors = condition instanceof Condition.ErrorRate
                || condition instanceof Condition.Baseline b && b.metric() == BaselineMetric.ERROR_RATE;
        return aboutErrors ? ExemplarRanking.ERRORS_FIRST : ExemplarRanking.SLOWEST_FIRST;
    }

    /** Whether the rule looks at this span. */
    public boolean matches(SpanView span) {
        return matcher.matches(span);
    }

    /** The window length. */
    public Duration windowSize() {
        return window.size();
    }

    /** How often a window starts; equal to the size for tumbling windows. */
    public Duration windowAdvance() {
        return window.advance();
    }

    /** The starts (epoch ms, ascending) of the windows containing {@code timestampMs}. */
    public long[] windowStartsContaining(long timestampMs) {
        return window.startsContaining(timestampMs);
    }

    /** The slow-span threshold in nanoseconds for {@code WindowStats.add}, or -1 when the condition has none. */
    public long slowThresholdNanos() {
        return condition.slowThresholdNanos();
    }

    private static String labelValue(SpanView span, String name) {
        if (SERVICE.equals(name)) {
            return span.service();
        }
        if (OPERATION.equals(name)) {
            return span.operation();
        }
        Object value = span.attributes().get(name);
        return value == null ? "" : value.toString();
    }

    private static void requireAtLeastOne(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be >= 1: " + value);
        }
    }
}
