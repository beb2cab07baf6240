package io.tracepipe.redaction;

import io.tracepipe.config.ClosestName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The fields of one YAML mapping by name; reports non-text, duplicate and unknown field names. */
final class MappingFields {
    private final Map<String, NodeTuple> fields = new LinkedHashMap<>();

    /**
     * @param path  the field path of the mapping for messages, e.g. {@code mask[2]}; null at the top
     * @param known the field names allowed here
     */
    MappingFields(MappingNode node, String path, List<String> known, Problems problems) {
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.add(tuple.getKeyNode(), path, "field names must be plain text");
                continue;
            }
            String name = key.getValue();
            String field = path == null ? name : path + "." + name;
            if (!known.contains(name)) {
                String closest = ClosestName.among(name, known);
                problems.add(key, field, "unknown field; "
                        + (closest != null ? "did you mean '" + closest + "'?" : "known fields: " + String.join(", ", known)));
                continue;
            }
            NodeTuple earlier = fields.putIfAbsent(name, tuple);
            if (earlier != null) {
                problems.add(key, field, "given twice (first on line " + Problems.lineOf(earlier.getKeyNode()) + ")");
            }
        }
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    /** The value node of a field, or null when absent. */
    Node value(String name) {
        NodeTuple tuple = fields.get(name);
        return tuple == null ? null : tuple.getValueNode();
    }

    /** The key node of a field (where problems about the field as a whole are reported), or null. */
    Node key(String name) {
        NodeTuple tuple = fields.get(name);
        return tuple == null ? null : tuple.getKeyNode();
    }
}
