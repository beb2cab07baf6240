package io.tracepipe.config;

import java.io.StringReader;
import java.util.List;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a whole YAML document for the configuration parsers that take one section of it (rules,
 * sampling, redaction): the document's node tree, with syntax errors in the parsers' message form,
 * and the section under a key.
 */
public final class YamlDocuments {

    private YamlDocuments() {}

    /**
     * The root node of {@code yaml}, or null when the document holds none (empty, or only comments).
     *
     * @param failure makes the exception to throw from the one message of a syntax error,
     *     {@code line N: yaml: problem} ({@code line ?} when the parser gives no position)
     */
    public static Node compose(String yaml, Function<List<String>, ? extends RuntimeException> failure) {
        try {
            return new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String line = mark == null ? "line ?" : "line " + (mark.getLine() + 1);
            throw failure.apply(List.of(line + ": yaml: " + e.getProblem()));
        } catch (YAMLException e) {
            throw failure.apply(List.of("line ?: yaml: " + e.getMessage()));
        }
    }

    /** The value node of the first plain-text key {@code key} of {@code mapping}, or null when it has none. */
    public static Node valueOf(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return tuple.getValueNode();
            }
        }
        return null;
    }
}
