package io.tracepipe.anomaly.rules;

import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanStatus;
import io.tracepipe.anomaly.stats.AttributeContrast;
import io.tracepipe.config.ConfigProblems;
import io.tracepipe.config.Durations;
import io.tracepipe.config.MappingReader;
import io.tracepipe.config.Place;
import io.tracepipe.config.Scalars;
import io.tracepipe.anomaly.health.HealthMetric;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads one entry of the {@code rules:} list, reporting every problem it finds instead of stopping at the first. */
final class RuleReader {

    static final List<String> CONDITIONS = List.of("error_rate", "latency", "slow_spans", "baseline", "orphan_rate",
            "skewed_span_rate", "retry_rate", "attribute_cardinality");
    private static final List<String> FIELDS = List.of("name", "severity", "match", "group_by", "max_keys",
            "window", "advance", "min_count", "for", "resolve_after", "repeat_interval", "labels", "annotations",
            "explain", "error_rate", "latency", "slow_spans", "baseline", "orphan_rate", "skewed_span_rate", "retry_rate",
            "attribute_cardinality");
    private static final List<String> EXPLAIN_FIELDS = List.of("attributes");
    private static final List<String> MATCH_FIELDS = List.of("service", "operation", "operation_regex", "kind",
            "status", "attributes");
    private static final List<String> ATTRIBUTE_TESTS = List.of("equals", "regex", "gt", "gte", "lt", "lte", "exists");
    private static final String NAMES_TO_TEXT = "expected a mapping of names to text, e.g. { team: payments }";
    private static final Map<String, Severity> SEVERITIES = Scalars.choices(RuleReader::label, Severity.values());
    private static final Map<String, SpanStatus> STATUSES = Scalars.choices(RuleReader::label, SpanStatus.values());
    private static final Map<String, SpanKind> KINDS = Scalars.choices(RuleReader::label, SpanKind.INTERNAL,
            SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER);
    private static final Map<String, Percentile> PERCENTILES = Scalars.choices(Percentile::label, Percentile.values());
    private static final Map<String, BaselineMetric> METRICS = Scalars.choices(BaselineMetric::label, BaselineMetric.values());

    static final int DEFAULT_MAX_KEYS = 1000;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    static final int DEFAULT_MIN_COUNT = 10;
    static final int DEFAULT_FOR = 1;
    static final int DEFAULT_RESOLVE_AFTER = 2;
    static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    static final double DEFAULT_SENSITIVITY = 3;
    static final int DEFAULT_WARMUP = 10;
    static final double DEFAULT_ALPHA = 0.2;

    private final ConfigProblems problems;
    private Place place;
    private String name;
    private Node nameNode;

    RuleReader(ConfigProblems problems) {
        this.problems = problems;
    }

    /** The rule's name when it is valid, else null; known after {@link #read}. */
    String name() {
        return name;
    }

    /** Where the name was written. */
    Node nameNode() {
        return nameNode;
    }

    /** The rule as messages name it: {@code rule 'NAME'}, or {@code rule #N} without a valid name; known after {@link #read}. */
    Place place() {
        return place;
    }

    /**
     * The rule, or null when it has problems (all of them reported).
     *
     * @param position the entry's position in the list, from 1
     */
    Rule read(MappingNode node, int position) {
        String peeked = peekName(node);
        // every message names the rule, even those found before its name is read
        place = Place.subject(peeked != null && Rule.NAME.matcher(peeked).matches()
                ? "rule '" + peeked + "'" : "rule #" + position);
        int before = problems.size();
        MappingReader fields = new MappingReader(node, place, problems);
        fields.rejectUnknown(FIELDS);

        name = readName(fields);
        Severity severity = fields.required("severity") ? fields.choice("severity", SEVERITIES) : null;
        SpanMatcher matcher = fields.has("match") ? readMatch(fields) : SpanMatcher.any();
        List<String> groupBy = fields.has("group_by") ? readGroupBy(fields) : List.of(Rule.SERVICE, Rule.OPERATION);
        Integer maxKeys = count(fields, "max_keys", 1, DEFAULT_MAX_KEYS);
        Windowing windowing = readWindowing(fields);
        Integer minCount = count(fields, "min_count", 1, DEFAULT_MIN_COUNT);
        Condition condition = readCondition(fields);
        Integer forWindows = count(fields, "for", 1, DEFAULT_FOR);
        Integer resolveAfter = count(fields, "resolve_after", 1, DEFAULT_RESOLVE_AFTER);
        Duration repeatInterval = fields.has("repeat_interval")
                ? fields.positiveDuration("repeat_interval") : DEFAULT_REPEAT_INTERVAL;
        Map<String, String> labels = fields.has("labels") ? readLabels(fields, groupBy) : Map.of();
        Map<String, String> annotations = fields.has("annotations")
                ? stringMap(fields.mapping("annotations", NAMES_TO_TEXT)) : Map.of();
        List<String> explanationKeys = fields.has("explain") ? readExplain(fields) : ExplanationKeys.DEFAULTS;

        if (problems.size() > before) {
            return null;
        }
        try {
            return new Rule(name, severity, matcher, groupBy, maxKeys, windowing, minCount, condition, forWindows,
                    resolveAfter, repeatInterval, labels, annotations, explanationKeys);
        } catch (IllegalArgumentException e) {
            // the checks above should have caught it; still report it with the rule's line, never crash
            fields.report(node, "rule", e.getMessage());
            return null;
        }
    }

    private static String peekName(MappingNode node) {
        for (NodeTuple tuple : node.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("name")
                    && tuple.getValueNode() instanceof ScalarNode value && !MappingReader.isNull(value)) {
                return value.getValue();
            }
        }
        return null;
    }

    private String readName(MappingReader fields) {
        if (!fields.required("name")) {
            return null;
        }
        nameNode = fields.value("name");
        String text = fields.text("name");
        if (text != null && !Rule.NAME.matcher(text).matches()) {
            fields.report(nameNode, "name", "'" + text + "' may only hold letters, digits, '_', '.' and '-'");
            return null;
        }
        return text;
    }

    /** A whole number of at least {@code min}, or {@code fallback} when the field is absent. */
    private static Integer count(MappingReader fields, String field, int min, int fallback) {
        if (!fields.has(field)) {
            return fallback;
        }
        Long value = fields.wholeNumber(field, min, Integer.MAX_VALUE);
        return value == null ? null : value.intValue();
    }

    // ---- match

    private SpanMatcher readMatch(MappingReader fields) {
        if (MappingReader.isNull(fields.value("match"))) {
            return SpanMatcher.any();
        }
        MappingReader match = fields.mapping("match", "expected a mapping of conditions such as 'service: checkout'");
        if (match == null) {
            return null;
        }
        match.rejectUnknown(MATCH_FIELDS);
        Set<String> services = match.has("service") ? textSet(match, "service") : Set.of();
        Set<String> operations = match.has("operation") ? textSet(match, "operation") : Set.of();
        Pattern operationPattern = null;
        if (match.has("operation_regex")) {
            operationPattern = match.regex("operation_regex");
            if (match.has("operation")) {
                match.report(match.key("operation_regex"), "operation_regex",
                        "give either operation or operation_regex, not both");
            }
        }
        Set<SpanKind> kinds = match.has("kind") ? readKinds(match) : Set.of();
        SpanStatus status = match.has("status") ? match.choice("status", STATUSES) : null;
        List<AttributeCondition> attributes = match.has("attributes") ? readAttributes(match) : List.of();
        if (services == null || operations == null || kinds == null || attributes == null) {
            return null;
        }
        return new SpanMatcher(services, operations, operationPattern, kinds, status, attributes);
    }

    private static Set<String> textSet(MappingReader fields, String field) {
        List<ScalarNode> values = fields.texts(field);
        if (values == null) {
            return null;
        }
        Set<String> set = new LinkedHashSet<>();
        values.forEach(v -> set.add(v.getValue()));
        return set;
    }

    private static Set<SpanKind> readKinds(MappingReader match) {
        List<ScalarNode> texts = match.texts("kind");
        if (texts == null) {
            return null;
        }
        Set<SpanKind> kinds = new LinkedHashSet<>();
        boolean valid = true;
        for (ScalarNode text : texts) {
            SpanKind kind = match.parse(text, "kind", t -> Scalars.choice(t, KINDS));
            valid &= kind != null;
            kinds.add(kind);
        }
        return valid ? kinds : null;
    }

    private List<AttributeCondition> readAttributes(MappingReader match) {
        Node node = match.value("attributes");
        if (!(node instanceof SequenceNode sequence)) {
            match.report(node, "attributes", "expected a list such as [{ key: url.path, regex: \"^/api/\" }]");
            return null;
        }
        List<AttributeCondition> conditions = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < sequence.getValue().size(); i++) {
            AttributeCondition condition = readAttribute(sequence.getValue().get(i),
                    match.place().field("attributes").item(i + 1));
            valid &= condition != null;
            conditions.add(condition);
        }
        return valid ? conditions : null;
    }

    private AttributeCondition readAttribute(Node node, Place at) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, at, "expected a mapping such as { key: http.response.status_code, gte: 500 }");
            return null;
        }
        MappingReader item = new MappingReader(mapping, at, problems);
        List<String> known = new ArrayList<>(ATTRIBUTE_TESTS);
        known.add(0, "key");
        item.rejectUnknown(known);
        String key = item.required("key") ? item.text("key") : null;
        List<String> tests = item.presentAmong(ATTRIBUTE_TESTS);
        if (tests.isEmpty()) {
            item.report(mapping, null, "needs exactly one of " + String.join(", ", ATTRIBUTE_TESTS));
            return null;
        }
        if (tests.size() > 1) {
            item.report(item.key(tests.get(1)), tests.get(1),
                    "give exactly one test per attribute, '" + tests.get(0) + "' is already given");
            return null;
        }
        String test = tests.get(0);
        return switch (test) {
            case "equals" -> {
                String expected = item.textOrEmpty(test);
                yield expected == null || key == null ? null : new AttributeCondition.Equals(key, expected);
            }
            case "regex" -> {
                Pattern pattern = item.regex(test);
                yield pattern == null || key == null ? null : new AttributeCondition.Regex(key, pattern);
            }
            case "exists" -> {
                String flag = item.text(test);
                if (flag != null && !flag.trim().equalsIgnoreCase("true")) {
                    item.report(item.value(test), test, "only 'exists: true' is supported (a missing attribute never matches)");
                    yield null;
                }
                yield flag == null || key == null ? null : new AttributeCondition.Exists(key);
            }
            default -> {
                BigDecimal bound = item.decimal(test);
                AttributeCondition.Compare.Comparison comparison =
                        AttributeCondition.Compare.Comparison.valueOf(test.toUpperCase(Locale.ROOT));
                yield bound == null || key == null ? null
                        : new AttributeCondition.Compare(key, comparison, bound.doubleValue());
            }
        };
    }

    // ---- grouping, windows, labels

    private static List<String> readGroupBy(MappingReader fields) {
        Node node = fields.value("group_by");
        if (node instanceof SequenceNode sequence && sequence.getValue().isEmpty()) {
            return List.of(); // one group for all matching spans
        }
        return distinctTexts(fields, "group_by");
    }

    /** The texts of a list field, each at most once (a repeat is reported on its line); null when unusable. */
    private static List<String> distinctTexts(MappingReader fields, String field) {
        List<ScalarNode> values = fields.texts(field);
        if (values == null) {
            return null;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (ScalarNode value : values) {
            if (!seen.add(value.getValue())) {
                fields.report(value, field, "'" + value.getValue() + "' is listed twice");
                return null;
            }
        }
        return List.copyOf(seen);
    }

    /** {@code explain: { attributes: [KEY, ...] }}: the keys to contrast, in order of preference; {@code []} for none. */
    private static List<String> readExplain(MappingReader fields) {
        MappingReader explain = fields.mapping("explain", "expected a mapping such as { attributes: [k8s.pod.name, service.version] }");
        if (explain == null) {
            return null;
        }
        explain.rejectUnknown(EXPLAIN_FIELDS);
        if (!explain.has("attributes")) {
            return ExplanationKeys.DEFAULTS;
        }
        if (explain.value("attributes") instanceof SequenceNode sequence && sequence.getValue().isEmpty()) {
            return List.of(); // no attribute contrast
        }
        List<String> keys = distinctTexts(explain, "attributes");
        if (keys != null && keys.size() > AttributeContrast.MAX_KEYS) {
            explain.report(explain.value("attributes"), "attributes",
                    keys.size() + " keys; at most " + AttributeContrast.MAX_KEYS + " are contrasted");
            return null;
        }
        return keys;
    }

    private static Windowing readWindowing(MappingReader fields) {
        Duration window = fields.has("window") ? windowDuration(fields, "window") : DEFAULT_WINDOW;
        Duration advance = fields.has("advance") ? windowDuration(fields, "advance") : window;
        if (window == null || advance == null) {
            return null;
        }
        if (advance.compareTo(window) > 0) {
            fields.report(fields.value("advance"), "advance",
                    Durations.format(advance) + " is longer than the window " + Durations.format(window));
            return null;
        }
        if (window.toMillis() % advance.toMillis() != 0) {
            fields.report(fields.value("advance"), "advance",
                    Durations.format(advance) + " does not divide the window " + Durations.format(window));
            return null;
        }
        return new Windowing(window, advance);
    }

    private static Duration windowDuration(MappingReader fields, String field) {
        Duration d = fields.positiveDuration(field);
        if (d != null && !d.equals(Duration.ofMillis(d.toMillis()))) {
            fields.report(fields.value(field), field, "must be a whole number of milliseconds");
            return null;
        }
        return d;
    }

    private static Map<String, String> readLabels(MappingReader fields, List<String> groupBy) {
        MappingReader labels = fields.mapping("labels", NAMES_TO_TEXT);
        Map<String, String> map = stringMap(labels);
        if (map != null && groupBy != null) {
            for (String label : map.keySet()) {
                if (groupBy.contains(label)) {
                    labels.report(labels.key(label), label, "is also a group_by key; the group key would hide it");
                }
            }
        }
        return map;
    }

    /** The texts of a mapping of names to text; null when it is not one. */
    private static Map<String, String> stringMap(MappingReader entries) {
        if (entries == null) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        boolean valid = true;
        for (String key : entries.names()) {
            String value = entries.textOrEmpty(key);
            valid &= value != null;
            map.put(key, value);
        }
        return valid ? map : null;
    }

    // ---- conditions

    private Condition readCondition(MappingReader fields) {
        List<String> present = fields.presentAmong(CONDITIONS);
        if (present.isEmpty()) {
            fields.report(fields.node(), "condition", "missing; give exactly one of " + String.join(", ", CONDITIONS));
            return null;
        }
        for (String extra : present.subList(1, present.size())) {
            fields.report(fields.key(extra), extra,
                    "a rule has exactly one condition, and '" + present.get(0) + "' is already given");
        }
        List<Condition> conditions = new ArrayList<>();
        for (String kind : present) {
            MappingReader c = fields.mapping(kind, "expected a mapping, e.g. " + example(kind));
            conditions.add(c == null ? null : readCondition(kind, c));
        }
        return present.size() == 1 ? conditions.get(0) : null;
    }

    private static Condition readCondition(String kind, MappingReader c) {
        return switch (kind) {
            case "error_rate" -> {
                c.rejectUnknown(List.of("above"));
                Double above = c.required("above") ? fraction(c, "above", false) : null;
                yield above == null ? null : new Condition.ErrorRate(above);
            }
            case "latency" -> {
                c.rejectUnknown(List.of("percentile", "above"));
                Percentile percentile = c.required("percentile") ? c.choice("percentile", PERCENTILES) : null;
                Duration above = c.required("above") ? c.positiveDuration("above") : null;
                yield percentile == null || above == null ? null : new Condition.Latency(percentile, above);
            }
            case "slow_spans" -> readSlowSpans(c);
            case "baseline" -> readBaseline(c);
            case "orphan_rate", "skewed_span_rate", "retry_rate" -> {
                c.rejectUnknown(List.of("above"));
                Double above = c.required("above") ? fraction(c, "above", false) : null;
                yield above == null ? null : new Condition.Instrumentation(HealthMetric.byKey(kind), above);
            }
            case "attribute_cardinality" -> {
                c.rejectUnknown(List.of("key", "above"));
                String key = c.required("key") ? c.text("key") : null;
                Long above = c.required("above") ? c.wholeNumber("above", 1, Long.MAX_VALUE) : null;
                yield key == null || above == null ? null : new Condition.AttributeCardinality(key, above);
            }
            default -> throw new IllegalStateException(kind);
        };
    }

    private static Condition readSlowSpans(MappingReader c) {
        c.rejectUnknown(List.of("above", "count", "fraction"));
        Duration above = c.required("above") ? c.positiveDuration("above") : null;
        List<String> limits = c.presentAmong(List.of("count", "fraction"));
        if (limits.size() != 1) {
            c.report(limits.isEmpty() ? c.node() : c.key("fraction"), limits.isEmpty() ? null : "fraction",
                    "give exactly one of count (more than N slow spans) or fraction (more than this share of spans)");
            return null;
        }
        if (limits.get(0).equals("count")) {
            Long count = c.wholeNumber("count", 0, Integer.MAX_VALUE);
            return above == null || count == null ? null
                    : new Condition.SlowSpans(above, Condition.SlowSpans.Mode.COUNT, count.intValue());
        }
        Double fraction = fraction(c, "fraction", false);
        return above == null || fraction == null ? null
                : new Condition.SlowSpans(above, Condition.SlowSpans.Mode.FRACTION, fraction);
    }

    private static Condition readBaseline(MappingReader c) {
        c.rejectUnknown(List.of("metric", "sensitivity", "warmup", "alpha", "min_delta"));
        BaselineMetric metric = c.required("metric") ? c.choice("metric", METRICS) : null;
        Double sensitivity = c.has("sensitivity") ? doubleOf(c.decimal("sensitivity")) : Double.valueOf(DEFAULT_SENSITIVITY);
        if (sensitivity != null && !(sensitivity > 0)) {
            c.report(c.value("sensitivity"), "sensitivity", "must be > 0");
            sensitivity = null;
        }
        Integer warmup = count(c, "warmup", 1, DEFAULT_WARMUP);
        Double alpha = c.has("alpha") ? doubleOf(c.decimal("alpha")) : Double.valueOf(DEFAULT_ALPHA);
        if (alpha != null && !(alpha > 0 && alpha <= 1)) {
            c.report(c.value("alpha"), "alpha", "must be in (0, 1]: the weight of each new window");
            alpha = null;
        }
        Double minDelta = 0.0;
        if (c.has("min_delta") && metric != null) {
            if (metric == BaselineMetric.P95_LATENCY) {
                Duration d = c.duration("min_delta");
                minDelta = d == null ? null : Double.valueOf(d.toNanos() / 1e9);
            } else {
                minDelta = fraction(c, "min_delta", true);
            }
        }
        if (metric == null || sensitivity == null || warmup == null || alpha == null || minDelta == null) {
            return null;
        }
        return new Condition.Baseline(metric, sensitivity, warmup, alpha, minDelta);
    }

    private static String example(String kind) {
        return switch (kind) {
            case "error_rate" -> "{ above: 0.05 }";
            case "latency" -> "{ percentile: p99, above: 1s }";
            case "slow_spans" -> "{ above: 500ms, count: 10 }";
            case "orphan_rate", "skewed_span_rate", "retry_rate" -> "{ above: 0.01 }";
            case "attribute_cardinality" -> "{ key: http.url, above: 10000 }";
            default -> "{ metric: p95_latency, sensitivity: 3 }";
        };
    }

    // ---- the rules' own values

    private static Double doubleOf(BigDecimal value) {
        return value == null ? null : value.doubleValue();
    }

    /** A fraction written 0.05 or 5%; in (0, 1], or [0, 1] when zero is allowed. */
    private static Double fraction(MappingReader c, String field, boolean zeroAllowed) {
        return c.parsed(field, text -> {
            String t = text.trim();
            boolean percent = t.endsWith("%");
            Double value;
            try {
                BigDecimal written = Scalars.decimal(percent ? t.substring(0, t.length() - 1) : t);
                value = (percent ? written.movePointLeft(2) : written).doubleValue();
            } catch (IllegalArgumentException e) {
                value = null;
            }
            if (value == null || value > 1 || value < 0 || (value == 0 && !zeroAllowed)) {
                throw new IllegalArgumentException("'" + text + "' is not a fraction in "
                        + (zeroAllowed ? "[0, 1]" : "(0, 1]") + "; write e.g. 0.05 or 5%");
            }
            return value;
        });
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
