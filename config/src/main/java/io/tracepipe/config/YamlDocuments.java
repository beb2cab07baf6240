package io.tracepipe.config;

import java.io.StringReader;
import java.util.List;
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
 * Reads a whole YAML document into its node tree (nodes keep their lines and columns, so every
 * problem can name them), for the main file and for the parsers that take one section of it.
 */
public final class YamlDocuments {

    private YamlDocuments() {}

    /**
     * The root node of {@code yaml}, or null when the document holds none (empty, or only comments).
     *
     * @param what what is read, for the exception's message ({@code rules}, {@code configuration FILE})
     * @throws ConfigException with the one problem of a syntax error, {@code line N: yaml: problem}
     *     ({@code line ?} when the parser gives no position)
     */
    public static Node compose(String yaml, String what) {
        try {
            return new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String line = mark == null ? "line ?" : "line " + (mark.getLine() + 1);
            throw new ConfigException(what, List.of(new ConfigProblem(mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, line + ": yaml: " + e.getProblem())));
        } catch (YAMLException e) {
            throw new ConfigException(what, List.of(new ConfigProblem(0, 0, "line ?: yaml: " + e.getMessage())));
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
