package io.tracepipe.app.config;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML document flattened to dotted paths ({@code assembly.inactivity-gap}), each value with
 * the line it was written on, so that every error can name its line.
 */
final class ConfigTree {
    /** A value and where it came from (a line of the file, or an environment variable). */
    record Entry(String path, String value, int line, Node node) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    static ConfigTree parse(String yaml) {
        ConfigTree tree = new ConfigTree();
        if (yaml.isBlank()) {
            return tree;
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new YamlSyntaxException(line, e.getProblem());
        }
        if (root == null) {
            return tree;
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new YamlSyntaxException(line(root), "the configuration must be a mapping of sections (kafka:, topics:, ...)");
        }
        tree.flatten("", mapping);
        return tree;
    }

    private void flatten(String prefix, MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new YamlSyntaxException(line(tuple.getKeyNode()), "keys must be plain names");
            }
            String path = prefix + key.getValue();
            Node value = tuple.getValueNode();
            if (value instanceof MappingNode nested) {
                entries.put(path, new Entry(path, null, line(key), nested));
                flatten(path + ".", nested);
            } else if (value instanceof ScalarNode scalar) {
                entries.put(path, new Entry(path, scalar.getValue(), line(key), scalar));
            } else if (value instanceof SequenceNode sequence) {
                entries.put(path, new Entry(path, null, line(key), sequence));
            }
        }
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /** A syntax error of the YAML itself. */
    static final class YamlSyntaxException extends RuntimeException {
        final int line;

        YamlSyntaxException(int line, String message) {
            super(message);
            this.line = line;
        }
    }
}
