package io.tracepipe.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The fields of one YAML mapping by name, read the same way in every section of the configuration.
 * Built from the mapping node, it reports keys that are not plain text and keys given twice
 * ({@code duplicate key match.service (first at line 4)}), and resolves YAML merge keys
 * ({@code <<: *defaults}: the merged mapping's fields, unless given here; the first merged mapping
 * wins). Its typed readers return null when a field is absent (silently) or unusable (after
 * reporting why, at the value's line), so that reading goes on and finds every problem.
 */
public final class MappingReader {

    private final MappingNode node;
    private final Place place;
    private final ConfigProblems problems;
    private final Map<String, NodeTuple> fields = new LinkedHashMap<>();

    /** @param place where the mapping is, for messages: the subject and the path of its fields */
    public MappingReader(MappingNode node, Place place, ConfigProblems problems) {
        this.node = node;
        this.place = place;
        this.problems = problems;
        Map<String, NodeTuple> merged = new LinkedHashMap<>();
        Node mergeKey = null;
        for (NodeTuple tuple : node.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                problems.add(key, place, "field names must be plain text");
            } else if (isMergeKey(key) && mergeKey == null) {
                mergeKey = key;
                collectMerged(tuple.getValueNode(), merged, identitySet(node));
            } else if (isMergeKey(key)) {
                reportDuplicate(scalar, mergeKey);
            } else {
                NodeTuple earlier = fields.putIfAbsent(scalar.getValue(), tuple);
                if (earlier != null) {
                    reportDuplicate(scalar, earlier.getKeyNode());
                }
            }
        }
        merged.forEach(fields::putIfAbsent);
    }

    private void reportDuplicate(ScalarNode key, Node first) {
        problems.add(key, place.top(), "duplicate key " + place.field(key.getValue()).path()
                + " (first at line " + ConfigProblems.lineOf(first) + ")");
    }

    private static boolean isMergeKey(Node key) {
        return key instanceof ScalarNode scalar && Tag.MERGE.equals(scalar.getTag());
    }

    /** @param seen the mappings merged so far, and this one: an alias may make a mapping merge itself */
    private void collectMerged(Node value, Map<String, NodeTuple> into, Set<Node> seen) {
        if (value instanceof MappingNode mapping) {
            if (!seen.add(mapping)) {
                return;
            }
            List<NodeTuple> nested = new ArrayList<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (isMergeKey(tuple.getKeyNode())) {
                    nested.add(tuple);
                } else if (tuple.getKeyNode() instanceof ScalarNode key) {
                    into.putIfAbsent(key.getValue(), tuple);
                }
            }
            nested.forEach(tuple -> collectMerged(tuple.getValueNode(), into, seen));
        } else if (value instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> collectMerged(item, into, seen));
        } else {
            problems.add(value, place.field("<<"), "a merge key needs a mapping or a list of mappings");
        }
    }

    /** A set of nodes by identity, holding {@code first}: to notice a node met again through an alias. */
    public static Set<Node> identitySet(Node... first) {
        Set<Node> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(List.of(first));
        return set;
    }

    /** Whether a node is YAML's null: an empty value or {@code ~}. */
    public static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    /** The mapping node, where problems about the mapping as a whole are reported. */
    public MappingNode node() {
        return node;
    }

    public Place place() {
        return place;
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The field names, as written (merged ones after the others). */
    public Set<String> names() {
        return fields.keySet();
    }

    /** The value node of a field, or null when it is absent. */
    public Node value(String field) {
        NodeTuple tuple = fields.get(field);
        return tuple == null ? null : tuple.getValueNode();
    }

    /** The key node of a field (where problems about the field as a whole go), or the mapping when it is absent. */
    public Node key(String field) {
        NodeTuple tuple = fields.get(field);
        return tuple == null ? node : tuple.getKeyNode();
    }

    /** The fields present among {@code names}, in the order given. */
    public List<String> presentAmong(Collection<String> names) {
        return names.stream().filter(fields::containsKey).toList();
    }

    /** Reports a problem about {@code field} (null: about the mapping itself), at the node {@code at}. */
    public void report(Node at, String field, String message) {
        problems.add(at, field == null ? place : place.field(field), message);
    }

    /** Reports every field not in {@code known}, suggesting the closest known name or listing them. */
    public void rejectUnknown(Collection<String> known) {
        rejectUnknown(known, List.of());
    }

    /** Reports every field neither in {@code known} nor in {@code reportedElsewhere}. */
    public void rejectUnknown(Collection<String> known, Collection<String> reportedElsewhere) {
        for (Map.Entry<String, NodeTuple> field : fields.entrySet()) {
            if (!known.contains(field.getKey()) && !reportedElsewhere.contains(field.getKey())) {
                report(field.getValue().getKeyNode(), field.getKey(),
                        "unknown field" + ClosestName.hint(field.getKey(), known, "known fields"));
            }
        }
    }

    /** Reports a missing field; true when it is present. */
    public boolean required(String field) {
        if (has(field)) {
            return true;
        }
        report(node, field, "required");
        return false;
    }

    /** The field's mapping, or null when absent or not a mapping (reported with {@code expected}, e.g. "expected a mapping of ..."). */
    public MappingReader mapping(String field, String expected) {
        Node value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof MappingNode mapping)) {
            report(value, field, expected);
            return null;
        }
        return new MappingReader(mapping, place.field(field), problems);
    }

    // ---- scalars

    /** A single value that is not empty. */
    public String text(String field) {
        ScalarNode scalar = scalar(field, false);
        return scalar == null ? null : scalar.getValue();
    }

    /** A single value, possibly the empty text {@code ""} (but not null). */
    public String textOrEmpty(String field) {
        ScalarNode scalar = scalar(field, true);
        return scalar == null ? null : scalar.getValue();
    }

    /** A whole number in [min, max]; see {@link Scalars} for the syntax. */
    public Long wholeNumber(String field, long min, long max) {
        return parsed(field, text -> Scalars.wholeNumber(text, min, max));
    }

    /** A number; see {@link Scalars} for the syntax. */
    public BigDecimal decimal(String field) {
        return parsed(field, Scalars::decimal);
    }

    /** A number in [min, max]. */
    public BigDecimal decimal(String field, BigDecimal min, BigDecimal max) {
        return parsed(field, text -> Scalars.decimal(text, min, max));
    }

    /** {@code true} or {@code false}. */
    public Boolean bool(String field) {
        return parsed(field, Scalars::bool);
    }

    /** A duration of zero or more, e.g. {@code 500ms}, {@code 2s} or {@code PT1M}. */
    public Duration duration(String field) {
        return parsed(field, Scalars::duration);
    }

    /** A duration longer than zero. */
    public Duration positiveDuration(String field) {
        return parsed(field, Scalars::positiveDuration);
    }

    /** One of the names of {@code choices}, in any case, with a suggestion when a wrong one is close to one. */
    public <E> E choice(String field, Map<String, E> choices) {
        return parsed(field, text -> Scalars.choice(text, choices));
    }

    /** A regular expression. */
    public Pattern regex(String field) {
        return parsed(field, Scalars::regex);
    }

    /**
     * The field's value read by {@code reader}, which throws {@link IllegalArgumentException} with
     * the problem; for values of a section's own syntax.
     */
    public <T> T parsed(String field, Function<String, T> reader) {
        ScalarNode scalar = scalar(field, false);
        return scalar == null ? null : parse(scalar, field, reader);
    }

    /** Reads one scalar node of this mapping's field (a list item, say) with {@code reader}; null after reporting a problem. */
    public <T> T parse(ScalarNode scalar, String field, Function<String, T> reader) {
        try {
            return reader.apply(scalar.getValue());
        } catch (IllegalArgumentException e) {
            report(scalar, field, e.getMessage());
            return null;
        }
    }

    // ---- lists

    /** A list that is not empty. */
    public SequenceNode list(String field) {
        Node value = value(field);
        if (value == null) {
            return null;
        }
        if (isNull(value) || value instanceof ScalarNode scalar && scalar.getValue().isBlank()) {
            report(key(field), field, "needs a value");
            return null;
        }
        if (!(value instanceof SequenceNode sequence)) {
            report(value, field, "expected a list");
            return null;
        }
        if (sequence.getValue().isEmpty()) {
            report(value, field, "must not be empty");
            return null;
        }
        return sequence;
    }

    /**
     * One value or a list of values, none of them empty, as their nodes (so that a problem about
     * one value names its line); null when absent or unusable.
     */
    public List<ScalarNode> texts(String field) {
        Node value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof SequenceNode)) {
            ScalarNode one = scalar(field, false);
            return one == null ? null : List.of(one);
        }
        SequenceNode sequence = list(field);
        if (sequence == null) {
            return null;
        }
        List<ScalarNode> values = new ArrayList<>();
        boolean valid = true;
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode scalar) || isNull(item) || scalar.getValue().isBlank()) {
                report(item, field, "expected a list of non-empty texts");
                valid = false;
            } else {
                values.add(scalar);
            }
        }
        return valid ? values : null;
    }

    /** The field's single value; null when absent, or not a single value, or (unless allowed) empty. */
    private ScalarNode scalar(String field, boolean emptyAllowed) {
        Node value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ScalarNode scalar)) {
            report(value, field, "expected a single value, not a " + (value instanceof MappingNode ? "mapping" : "list"));
            return null;
        }
        if (isNull(scalar) || !emptyAllowed && scalar.getValue().isBlank()) {
            report(key(field), field, "needs a value");
            return null;
        }
        return scalar;
    }
}
