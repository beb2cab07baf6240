package io.tracepipe.anomaly.rules;

import io.tracepipe.config.Durations;

import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanStatus;
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
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads one entry of the {@code rules:} list, reporting every problem it finds instead of stopping at the first. */
final class RuleReader {

    static final List<String> CONDITIONS = List.of("error_rate", "latency", "slow_spans", "baseline");
    private static final List<String> FIELDS = List.of("name", "severity", "match", "group_by", "max_keys",
            "window", "advance", "min_count", "for", "resolve_after", "repeat_interval", "labels", "annotations",
            "error_rate", "latency", "slow_spans", "baseline");
    private static final List<String> MATCH_FIELDS = List.of("service", "operation", "operation_regex", "kind",
            "status", "attributes");
    private static final List<String> ATTRIBUTE_TESTS = List.of("equals", "regex", "gt", "gte", "lt", "lte", "exists");

    static final int DEFAULT_MAX_KEYS = 1000;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    static final int DEFAULT_MIN_COUNT = 10;
    static final int DEFAULT_FOR = 1;
    static final int DEFAULT_RESOLVE_AFTER = 2;
    static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    static final double DEFAULT_SENSITIVITY = 3;
    static final int DEFAULT_WARMUP = 10;
    static final double DEFAULT_ALPHA = 0.2;

    private final RuleProblems problems;
    private String name;
    private Node nameNode;

    RuleReader(RuleProblems problems) {
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

    /** The rule, or null when it has problems (all of them reported). */
    Rule read(MappingNode node) {
        String peeked = peekName(node);
        if (peeked != null && Rule.NAME.matcher(peeked).matches()) {
            problems.nameRule(peeked); // so that every message, even the first, names the rule
        }
        int before = problems.count();
        YamlFields fields = new YamlFields(node, "", problems);
        fields.rejectUnknown(FIELDS, "", problems);

        name = readName(fields);
        Severity severity = required(fields, "severity", "")
                ? choice(fields.value("severity"), "severity", enumLabels(Severity.values())) : null;
        SpanMatcher matcher = fields.has("match") ? readMatch(fields.value("match")) : SpanMatcher.any();
        List<String> groupBy = fields.has("group_by") ? readGroupBy(fields.value("group_by"))
                : List.of(Rule.SERVICE, Rule.OPERATION);
        Integer maxKeys = fields.has("max_keys")
                ? integer(fields.value("max_keys"), "max_keys", 1) : Integer.valueOf(DEFAULT_MAX_KEYS);
        Windowing windowing = readWindowing(fields);
        Integer minCount = fields.has("min_count")
                ? integer(fields.value("min_count"), "min_count", 1) : Integer.valueOf(DEFAULT_MIN_COUNT);
        Condition condition = readCondition(fields);
        Integer forWindows = fields.has("for") ? integer(fields.value("for"), "for", 1) : Integer.valueOf(DEFAULT_FOR);
        Integer resolveAfter = fields.has("resolve_after")
                ? integer(fields.value("resolve_after"), "resolve_after", 1) : Integer.valueOf(DEFAULT_RESOLVE_AFTER);
        Duration repeatInterval = fields.has("repeat_interval")
                ? positiveDuration(fields.value("repeat_interval"), "repeat_interval") : DEFAULT_REPEAT_INTERVAL;
        Map<String, String> labels = fields.has("labels") ? stringMap(fields.value("labels"), "labels") : Map.of();
        if (labels != null && !labels.isEmpty() && groupBy != null) {
            rejectLabelsShadowingGroupKeys(fields.value("labels"), labels, groupBy);
        }
        Map<String, String> annotations = fields.has("annotations")
                ? stringMap(fields.value("annotations"), "annotations") : Map.of();

        if (problems.count() > before) {
            return null;
        }
        try {
            return new Rule(name, severity, matcher, groupBy, maxKeys, windowing, minCount, condition, forWindows,
                    resolveAfter, repeatInterval, labels, annotations);
        } catch (IllegalArgumentException e) {
            // the checks above should have caught it; still report it with the rule's line, never crash
            problems.add(node, "rule", e.getMessage());
            return null;
        }
    }

    private static String peekName(MappingNode node) {
        for (NodeTuple tuple : node.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("name")
                    && tuple.getValueNode() instanceof ScalarNode value && value.getTag() != Tag.NULL) {
                return value.getValue();
            }
        }
        return null;
    }

    private String readName(YamlFields fields) {
        if (!required(fields, "name", "")) {
            return null;
        }
        nameNode = fields.value("name");
        String text = text(nameNode, "name");
        if (text != null && !Rule.NAME.matcher(text).matches()) {
            problems.add(nameNode, "name", "'" + text + "' may only hold letters, digits, '_', '.' and '-'");
            return null;
        }
        return text;
    }

    // ---- match

    private SpanMatcher readMatch(Node node) {
        if (isNull(node)) {
            return SpanMatcher.any();
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, "match", "expected a mapping of conditions such as 'service: checkout'");
            return null;
        }
        YamlFields match = new YamlFields(mapping, "match.", problems);
        match.rejectUnknown(MATCH_FIELDS, "match.", problems);
        Set<String> services = match.has("service") ? textSet(match.value("service"), "match.service") : Set.of();
        Set<String> operations = match.has("operation") ? textSet(match.value("operation"), "match.operation") : Set.of();
        Pattern operationPattern = null;
        if (match.has("operation_regex")) {
            operationPattern = regex(match.value("operation_regex"), "match.operation_regex");
            if (match.has("operation")) {
                problems.add(match.key("operation_regex"), "match.operation_regex",
                        "give either operation or operation_regex, not both");
            }
        }
        Set<SpanKind> kinds = match.has("kind") ? readKinds(match.value("kind")) : Set.of();
        SpanStatus status = match.has("status")
                ? choice(match.value("status"), "match.status", enumLabels(SpanStatus.values())) : null;
        List<AttributeCondition> attributes = match.has("attributes")
                ? readAttributes(match.value("attributes")) : List.of();
        if (services == null || operations == null || kinds == null || attributes == null) {
            return null;
        }
        return new SpanMatcher(services, operations, operationPattern, kinds, status, attributes);
    }

    private Set<SpanKind> readKinds(Node node) {
        List<String> texts = textList(node, "match.kind");
        if (texts == null) {
            return null;
        }
        Map<String, SpanKind> known = new LinkedHashMap<>();
        for (SpanKind kind : SpanKind.values()) {
            if (kind != SpanKind.UNSPECIFIED) {
                known.put(kind.name().toLowerCase(Locale.ROOT), kind);
            }
        }
        Set<SpanKind> kinds = new LinkedHashSet<>();
        boolean valid = true;
        for (String text : texts) {
            SpanKind kind = known.get(text);
            if (kind == null) {
                problems.add(node, "match.kind", "'" + text + "' is not one of " + String.join(", ", known.keySet()));
                valid = false;
            }
            kinds.add(kind);
        }
        return valid ? kinds : null;
    }

    private List<AttributeCondition> readAttributes(Node node) {
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(node, "match.attributes", "expected a list such as [{ key: url.path, regex: \"^/api/\" }]");
            return null;
        }
        List<AttributeCondition> conditions = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < sequence.getValue().size(); i++) {
            AttributeCondition condition = readAttribute(sequence.getValue().get(i), "match.attributes[" + (i + 1) + "]");
            valid &= condition != null;
            conditions.add(condition);
        }
        return valid ? conditions : null;
    }

    private AttributeCondition readAttribute(Node node, String path) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, path, "expected a mapping such as { key: http.response.status_code, gte: 500 }");
            return null;
        }
        YamlFields item = new YamlFields(mapping, path + ".", problems);
        List<String> known = new ArrayList<>(ATTRIBUTE_TESTS);
        known.add(0, "key");
        item.rejectUnknown(known, path + ".", problems);
        String key = required(item, "key", path + ".") ? nonEmptyText(item.value("key"), path + ".key") : null;
        List<String> tests = item.presentAmong(ATTRIBUTE_TESTS);
        if (tests.isEmpty()) {
            problems.add(mapping, path, "needs exactly one of " + String.join(", ", ATTRIBUTE_TESTS));
            return null;
        }
        if (tests.size() > 1) {
            problems.add(item.key(tests.get(1)), path + "." + tests.get(1),
                    "give exactly one test per attribute, '" + tests.get(0) + "' is already given");
            return null;
        }
        String test = tests.get(0);
        Node value = item.value(test);
        String field = path + "." + test;
        AttributeCondition condition = switch (test) {
            case "equals" -> {
                String expected = text(value, field);
                yield expected == null || key == null ? null : new AttributeCondition.Equals(key, expected);
            }
            case "regex" -> {
                Pattern pattern = regex(value, field);
                yield pattern == null || key == null ? null : new AttributeCondition.Regex(key, pattern);
            }
            case "exists" -> {
                String flag = text(value, field);
                if (flag != null && !flag.equalsIgnoreCase("true")) {
                    problems.add(value, field, "only 'exists: true' is supported (a missing attribute never matches)");
                    yield null;
                }
                yield flag == null || key == null ? null : new AttributeCondition.Exists(key);
            }
            default -> {
                Double bound = number(value, field);
                AttributeCondition.Compare.Comparison comparison =
                        AttributeCondition.Compare.Comparison.valueOf(test.toUpperCase(Locale.ROOT));
                yield bound == null || key == null ? null : new AttributeCondition.Compare(key, comparison, bound);
            }
        };
        return condition;
    }

    // ---- grouping and windows

    private List<String> readGroupBy(Node node) {
        if (node instanceof SequenceNode sequence && sequence.getValue().isEmpty()) {
            return List.of(); // one group for all matching spans
        }
        List<String> keys = textList(node, "group_by");
        if (keys == null) {
            return null;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String key : keys) {
            if (key.isEmpty()) {
                problems.add(node, "group_by", "keys must not be empty");
                return null;
            }
            if (!seen.add(key)) {
                problems.add(node, "group_by", "'" + key + "' is listed twice");
                return null;
            }
        }
        return keys;
    }

    private Windowing readWindowing(YamlFields fields) {
        Duration window = fields.has("window") ? windowDuration(fields.value("window"), "window") : DEFAULT_WINDOW;
        Duration advance = fields.has("advance") ? windowDuration(fields.value("advance"), "advance") : window;
        if (window == null || advance == null) {
            return null;
        }
        if (advance.compareTo(window) > 0) {
            problems.add(fields.value("advance"), "advance",
                    Durations.format(advance) + " is longer than the window " + Durations.format(window));
            return null;
        }
        if (window.toMillis() % advance.toMillis() != 0) {
            problems.add(fields.value("advance"), "advance",
                    Durations.format(advance) + " does not divide the window " + Durations.format(window));
            return null;
        }
        return new Windowing(window, advance);
    }

    private Duration windowDuration(Node node, String field) {
        Duration d = positiveDuration(node, field);
        if (d != null && !d.equals(Duration.ofMillis(d.toMillis()))) {
            problems.add(node, field, "must be a whole number of milliseconds");
            return null;
        }
        return d;
    }

    private void rejectLabelsShadowingGroupKeys(Node node, Map<String, String> labels, List<String> groupBy) {
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && labels.containsKey(key.getValue())
                    && groupBy.contains(key.getValue())) {
                problems.add(key, "labels." + key.getValue(), "is also a group_by key; the group key would hide it");
            }
        }
    }

    // ---- conditions

    private Condition readCondition(YamlFields fields) {
        List<String> present = fields.presentAmong(CONDITIONS);
        if (present.isEmpty()) {
            problems.add(fields.node(), "condition", "missing; give exactly one of " + String.join(", ", CONDITIONS));
            return null;
        }
        for (String extra : present.subList(1, present.size())) {
            problems.add(fields.key(extra), extra,
                    "a rule has exactly one condition, and '" + present.get(0) + "' is already given");
        }
        List<Condition> conditions = new ArrayList<>();
        for (String kind : present) {
            conditions.add(readCondition(kind, fields.value(kind)));
        }
        return present.size() == 1 ? conditions.get(0) : null;
    }

    private Condition readCondition(String kind, Node node) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, kind, "expected a mapping, e.g. " + example(kind));
            return null;
        }
        String path = kind + ".";
        YamlFields c = new YamlFields(mapping, path, problems);
        return switch (kind) {
            case "error_rate" -> {
                c.rejectUnknown(List.of("above"), path, problems);
                Double above = required(c, "above", path) ? fraction(c.value("above"), path + "above", false) : null;
                yield above == null ? null : new Condition.ErrorRate(above);
            }
            case "latency" -> {
                c.rejectUnknown(List.of("percentile", "above"), path, problems);
                Map<String, Percentile> percentiles = new LinkedHashMap<>();
                for (Percentile p : Percentile.values()) {
                    percentiles.put(p.label(), p);
                }
                Percentile percentile = required(c, "percentile", path)
                        ? choice(c.value("percentile"), path + "percentile", percentiles) : null;
                Duration above = required(c, "above", path) ? positiveDuration(c.value("above"), path + "above") : null;
                yield percentile == null || above == null ? null : new Condition.Latency(percentile, above);
            }
            case "slow_spans" -> readSlowSpans(c, path);
            case "baseline" -> readBaseline(c, path);
            default -> throw new IllegalStateException(kind);
        };
    }

    private Condition readSlowSpans(YamlFields c, String path) {
        c.rejectUnknown(List.of("above", "count", "fraction"), path, problems);
        Duration above = required(c, "above", path) ? positiveDuration(c.value("above"), path + "above") : null;
        List<String> limits = c.presentAmong(List.of("count", "fraction"));
        if (limits.size() != 1) {
            problems.add(limits.isEmpty() ? c.node() : c.key("fraction"), limits.isEmpty() ? "slow_spans" : path + "fraction",
                    "give exactly one of count (more than N slow spans) or fraction (more than this share of spans)");
            return null;
        }
        if (limits.get(0).equals("count")) {
            Integer count = integer(c.value("count"), path + "count", 0);
            return above == null || count == null ? null
                    : new Condition.SlowSpans(above, Condition.SlowSpans.Mode.COUNT, count);
        }
        Double fraction = fraction(c.value("fraction"), path + "fraction", false);
        return above == null || fraction == null ? null
                : new Condition.SlowSpans(above, Condition.SlowSpans.Mode.FRACTION, fraction);
    }

    private Condition readBaseline(YamlFields c, String path) {
        c.rejectUnknown(List.of("metric", "sensitivity", "warmup", "alpha", "min_delta"), path, problems);
        Map<String, BaselineMetric> metrics = new LinkedHashMap<>();
        for (BaselineMetric m : BaselineMetric.values()) {
            metrics.put(m.label(), m);
        }
        BaselineMetric metric = required(c, "metric", path) ? choice(c.value("metric"), path + "metric", metrics) : null;
        Double sensitivity = c.has("sensitivity")
                ? number(c.value("sensitivity"), path + "sensitivity") : Double.valueOf(DEFAULT_SENSITIVITY);
        if (sensitivity != null && !(sensitivity > 0)) {
            problems.add(c.value("sensitivity"), path + "sensitivity", "must be > 0");
            sensitivity = null;
        }
        Integer warmup = c.has("warmup")
                ? integer(c.value("warmup"), path + "warmup", 1) : Integer.valueOf(DEFAULT_WARMUP);
        Double alpha = c.has("alpha") ? number(c.value("alpha"), path + "alpha") : Double.valueOf(DEFAULT_ALPHA);
        if (alpha != null && !(alpha > 0 && alpha <= 1)) {
            problems.add(c.value("alpha"), path + "alpha", "must be in (0, 1]: the weight of each new window");
            alpha = null;
        }
        Double minDelta = 0.0;
        if (c.has("min_delta") && metric != null) {
            Node node = c.value("min_delta");
            if (metric == BaselineMetric.P95_LATENCY) {
                Duration d = duration(node, path + "min_delta");
                minDelta = d == null ? null : Double.valueOf(d.toNanos() / 1e9);
            } else {
                minDelta = fraction(node, path + "min_delta", true);
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
            default -> "{ metric: p95_latency, sensitivity: 3 }";
        };
    }

    // ---- scalar readers: each reports its own problem and returns null when the value is unusable

    private boolean required(YamlFields fields, String field, String path) {
        if (fields.has(field)) {
            return true;
        }
        problems.add(fields.node(), path + field, "required");
        return false;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag() == Tag.NULL;
    }

    private String text(Node node, String field) {
        if (isNull(node)) {
            problems.add(node, field, "needs a value");
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problems.add(node, field, "expected a single value, not a " + (node instanceof SequenceNode ? "list" : "mapping"));
            return null;
        }
        return scalar.getValue();
    }

    private String nonEmptyText(Node node, String field) {
        String text = text(node, field);
        if (text != null && text.isEmpty()) {
            problems.add(node, field, "must not be empty");
            return null;
        }
        return text;
    }

    /** One value or a list of values. */
    private List<String> textList(Node node, String field) {
        if (!(node instanceof SequenceNode sequence)) {
            String one = nonEmptyText(node, field);
            return one == null ? null : List.of(one);
        }
        if (sequence.getValue().isEmpty()) {
            problems.add(node, field, "the list must not be empty");
            return null;
        }
        List<String> values = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String text = nonEmptyText(item, field);
            if (text == null) {
                return null;
            }
            values.add(text);
        }
        return values;
    }

    private Set<String> textSet(Node node, String field) {
        List<String> values = textList(node, field);
        return values == null ? null : new LinkedHashSet<>(values);
    }

    private <E> E choice(Node node, String field, Map<String, E> choices) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        E value = choices.get(text);
        if (value == null) {
            problems.add(node, field, "'" + text + "' is not one of " + String.join(", ", choices.keySet()));
        }
        return value;
    }

    private static <E extends Enum<E>> Map<String, E> enumLabels(E[] values) {
        Map<String, E> labels = new LinkedHashMap<>();
        for (E value : values) {
            labels.put(value.name().toLowerCase(Locale.ROOT), value);
        }
        return labels;
    }

    private Integer integer(Node node, String field, int min) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= Integer.MAX_VALUE) {
                return (int) value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the same message as an out-of-range number
        }
        problems.add(node, field, "'" + text + "' is not a whole number >= " + min);
        return null;
    }

    private Double number(Node node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        Double value = Numbers.parse(text);
        if (value == null) {
            problems.add(node, field, "'" + text + "' is not a number");
        }
        return value;
    }

    /** A fraction written 0.05 or 5%; in (0, 1], or [0, 1] when zero is allowed. */
    private Double fraction(Node node, String field, boolean zeroAllowed) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        String t = text.trim();
        boolean percent = t.endsWith("%");
        Double value = Numbers.parse(percent ? t.substring(0, t.length() - 1) : t);
        if (value != null && percent) {
            value = new BigDecimal(t.substring(0, t.length() - 1).trim()).movePointLeft(2).doubleValue();
        }
        if (value == null || value > 1 || value < 0 || (value == 0 && !zeroAllowed)) {
            problems.add(node, field, "'" + text + "' is not a fraction in " + (zeroAllowed ? "[0, 1]" : "(0, 1]")
                    + "; write e.g. 0.05 or 5%");
            return null;
        }
        return value;
    }

    private Pattern regex(Node node, String field) {
        String text = nonEmptyText(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            problems.add(node, field, "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            return null;
        }
    }

    private Duration duration(Node node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            Duration d = Durations.parse(text);
            if (d.isNegative()) {
                problems.add(node, field, "must not be negative");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(node, field, e.getMessage());
            return null;
        }
    }

    private Duration positiveDuration(Node node, String field) {
        Duration d = duration(node, field);
        if (d != null && d.isZero()) {
            problems.add(node, field, "must be longer than zero");
            return null;
        }
        return d;
    }

    private Map<String, String> stringMap(Node node, String field) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, field, "expected a mapping of names to text, e.g. { team: payments }");
            return null;
        }
        YamlFields entries = new YamlFields(mapping, field + ".", problems);
        Map<String, String> map = new LinkedHashMap<>();
        boolean valid = true;
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key) || entries.value(key.getValue()) != tuple.getValueNode()) {
                continue; // reported by YamlFields (not text, or given twice)
            }
            String value = text(tuple.getValueNode(), field + "." + key.getValue());
            valid &= value != null;
            map.put(key.getValue(), value);
        }
        return valid ? map : null;
    }
}
