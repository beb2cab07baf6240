package io.tracepipe.sampling;

import io.tracepipe.config.ClosestName;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The fields of one YAML mapping by name, and where problems about them are reported: the
 * policy they belong to ({@code subject}) and the path of the mapping inside it ({@code prefix},
 * e.g. {@code latency.}). Reports fields given twice when built.
 */
final class YamlMapping {

    private final MappingNode node;
    private final String subject;
    private final String prefix;
    private final ConfigProblems problems;
    private final Map<String, NodeTuple> fields = new LinkedHashMap<>();

    YamlMapping(MappingNode node, String subject, String prefix, ConfigProblems problems) {
        this.node = node;
        this.subject = subject;
        this.prefix = prefix;
        this.problems = problems;
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                report(tuple.getKeyNode(), prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1),
                        "field names must be plain text");
                continue;
            }
            NodeTuple earlier = fields.putIfAbsent(key.getValue(), tuple);
            if (earlier != null) {
                report(key, key.getValue(), "given twice (first on line " + ConfigProblems.lineOf(earlier.getKeyNode()) + ")");
            }
        }
    }

    MappingNode node() {
        return node;
    }

    String subject() {
        return subject;
    }

    /** The path of a field of this mapping inside its policy, as messages name it: {@code latency.threshold_ms}. */
    String path(String field) {
        return prefix + field;
    }

    boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The value node of a field, or null when it is absent. */
    Node value(String field) {
        NodeTuple tuple = fields.get(field);
        return tuple == null ? null : tuple.getValueNode();
    }

    /** The key node of a field (where problems about the field as a whole go), or the mapping when absent. */
    Node key(String field) {
        NodeTuple tuple = fields.get(field);
        return tuple == null ? node : tuple.getKeyNode();
    }

    Collection<String> names() {
        return fields.keySet();
    }

    /** Reports a problem about {@code field} of this mapping (null: about the mapping itself). */
    void report(Node at, String field, String message) {
        problems.add(at, subject, field == null ? null : path(field), message);
    }

    /** Reports every field not in {@code known}, suggesting the closest known name. */
    void rejectUnknown(Collection<String> known) {
        rejectUnknown(known, List.of());
    }

    /** Reports every field not in {@code known}, except those in {@code reportedElsewhere}. */
    void rejectUnknown(Collection<String> known, Collection<String> reportedElsewhere) {
        for (Map.Entry<String, NodeTuple> field : fields.entrySet()) {
            if (!known.contains(field.getKey()) && !reportedElsewhere.contains(field.getKey())) {
                report(field.getValue().getKeyNode(), field.getKey(),
                        "unknown field" + ClosestName.hint(field.getKey(), known, "known fields"));
            }
        }
    }
}
