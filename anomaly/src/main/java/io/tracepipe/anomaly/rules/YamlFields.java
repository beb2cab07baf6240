package io.tracepipe.anomaly.rules;

import io.tracepipe.config.ClosestName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The fields of one YAML mapping by name, reporting duplicate and unknown fields. Supports YAML
 * merge keys ({@code <<: *defaults}) so shared settings can be written once; explicit fields win.
 */
final class YamlFields {

    private static final String MERGE = "<<";

    private final MappingNode node;
    private final Map<String, NodeTuple> fields = new LinkedHashMap<>();

    /**
     * @param path the field path prefix used in messages, e.g. {@code match.} ("" at the top of a rule)
     */
    YamlFields(MappingNode node, String path, RuleProblems problems) {
        this.node = node;
        List<NodeTuple> merged = new ArrayList<>();
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.add(tuple.getKeyNode(), path.isEmpty() ? "field" : path.substring(0, path.length() - 1),
                        "field names must be plain text");
                continue;
            }
            if (key.getValue().equals(MERGE)) {
                collectMerged(tuple.getValueNode(), merged, path, problems);
                continue;
            }
            NodeTuple earlier = fields.putIfAbsent(key.getValue(), tuple);
            if (earlier != null) {
                problems.add(key, path + key.getValue(),
                        "given twice (first on line " + Problems.lineOf(earlier.getKeyNode()) + ")");
            }
        }
        for (NodeTuple tuple : merged) {
            fields.putIfAbsent(((ScalarNode) tuple.getKeyNode()).getValue(), tuple);
        }
    }

    private static void collectMerged(Node value, List<NodeTuple> into, String path, RuleProblems problems) {
        if (value instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode) {
                    into.add(tuple);
                }
            }
        } else if (value instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> collectMerged(item, into, path, problems));
        } else {
            problems.add(value, path + MERGE, "a merge key needs a mapping or a list of mappings");
        }
    }

    /** The node holding the whole mapping, for problems about it. */
    MappingNode node() {
        return node;
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    /** The value node of a field, or null when the field is absent. */
    Node value(String name) {
        NodeTuple tuple = fields.get(name);
        return tuple == null ? null : tuple.getValueNode();
    }

    /** The key node of a field (where problems about the field as a whole are reported), or null. */
    Node key(String name) {
        NodeTuple tuple = fields.get(name);
        return tuple == null ? null : tuple.getKeyNode();
    }

    /** Fields present among {@code names}, in the order given. */
    List<String> presentAmong(Collection<String> names) {
        return names.stream().filter(fields::containsKey).toList();
    }

    /** Reports every field not in {@code known}, suggesting the closest known name. */
    void rejectUnknown(Collection<String> known, String path, RuleProblems problems) {
        for (Map.Entry<String, NodeTuple> field : fields.entrySet()) {
            if (!known.contains(field.getKey())) {
                String closest = ClosestName.among(field.getKey(), known);
                problems.add(field.getValue().getKeyNode(), path + field.getKey(), "unknown field"
                        + (closest != null ? "; did you mean '" + closest + "'?" : "; known fields: " + String.join(", ", known)));
            }
        }
    }

}
