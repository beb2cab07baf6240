package io.tracepipe.anomaly.rules;

import io.tracepipe.config.ConfigException;
import io.tracepipe.config.ConfigProblems;
import io.tracepipe.config.MappingReader;
import io.tracepipe.config.Place;
import io.tracepipe.config.YamlDocuments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code rules:} list of the configuration. Works on YAML nodes, not on plain maps, so
 * that every problem names its line; reports every problem of every rule at once.
 */
public final class RulesParser {

    /** What the parser reads, as its exceptions name it. */
    static final String WHAT = "rules";

    private RulesParser() {}

    /**
     * The rules of the {@code rules:} node (a list of rule mappings); none when the node is null
     * or empty.
     *
     * @throws ConfigException listing every problem, each as {@code line N: rule 'NAME': FIELD: message}
     */
    public static List<Rule> parse(Node rulesNode) {
        if (rulesNode == null || MappingReader.isNull(rulesNode)) {
            return List.of();
        }
        ConfigProblems problems = new ConfigProblems();
        if (!(rulesNode instanceof SequenceNode sequence)) {
            problems.add(rulesNode, Place.path("rules"), "expected a list of rules, each starting with '- name: ...'");
            throw problems.failure(WHAT);
        }
        List<Rule> rules = new ArrayList<>();
        Map<String, Node> firstByName = new HashMap<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof MappingNode mapping)) {
                problems.add(items.get(i), Place.subject("rule #" + (i + 1)),
                        "expected a mapping of fields (name, severity, a condition, ...)");
                continue;
            }
            RuleReader reader = new RuleReader(problems);
            Rule rule = reader.read(mapping, i + 1);
            if (reader.name() != null) {
                Node first = firstByName.putIfAbsent(reader.name(), reader.nameNode());
                if (first != null) {
                    problems.add(reader.nameNode(), reader.place().field("name"),
                            "duplicate rule name, first defined on line " + ConfigProblems.lineOf(first));
                }
            }
            if (rule != null) {
                rules.add(rule);
            }
        }
        problems.throwIfAny(WHAT);
        return List.copyOf(rules);
    }

    /**
     * The rules of a whole YAML document: its top-level {@code rules:} list (other top-level keys
     * are ignored: they belong to the rest of the configuration).
     *
     * @throws ConfigException for YAML syntax errors too, with their line
     */
    public static List<Rule> parseDocument(String yaml) {
        Node root = YamlDocuments.compose(yaml, WHAT);
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof MappingNode mapping)) {
            ConfigProblems problems = new ConfigProblems();
            problems.add(root, Place.path("configuration"), "expected a mapping with a 'rules:' list");
            throw problems.failure(WHAT);
        }
        return parse(YamlDocuments.valueOf(mapping, "rules"));
    }
}
