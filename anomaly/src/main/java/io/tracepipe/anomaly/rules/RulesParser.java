package io.tracepipe.anomaly.rules;

import io.tracepipe.config.YamlDocuments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the {@code rules:} list of the configuration. Works on YAML nodes, not on plain maps, so
 * that every problem names its line; reports every problem of every rule at once.
 */
public final class RulesParser {

    private RulesParser() {}

    /**
     * The rules of the {@code rules:} node (a list of rule mappings); none when the node is null
     * or empty.
     *
     * @throws RuleException listing every problem, each as {@code line N: rule 'NAME': FIELD: message}
     */
    public static List<Rule> parse(Node rulesNode) {
        if (rulesNode == null || rulesNode instanceof ScalarNode scalar && scalar.getTag() == Tag.NULL) {
            return List.of();
        }
        Problems problems = new Problems();
        if (!(rulesNode instanceof SequenceNode sequence)) {
            problems.add(rulesNode, "rules", null, "expected a list of rules, each starting with '- name: ...'");
            throw new RuleException(problems.inFileOrder());
        }
        List<Rule> rules = new ArrayList<>();
        Map<String, Node> firstByName = new HashMap<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            RuleProblems ruleProblems = new RuleProblems(problems, i + 1);
            if (!(items.get(i) instanceof MappingNode mapping)) {
                ruleProblems.add(items.get(i), null, "expected a mapping of fields (name, severity, a condition, ...)");
                continue;
            }
            RuleReader reader = new RuleReader(ruleProblems);
            Rule rule = reader.read(mapping);
            if (reader.name() != null) {
                Node first = firstByName.putIfAbsent(reader.name(), reader.nameNode());
                if (first != null) {
                    ruleProblems.add(reader.nameNode(), "name",
                            "duplicate rule name, first defined on line " + Problems.lineOf(first));
                }
            }
            if (rule != null) {
                rules.add(rule);
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleException(problems.inFileOrder());
        }
        return List.copyOf(rules);
    }

    /**
     * The rules of a whole YAML document: its top-level {@code rules:} list (other top-level keys
     * are ignored: they belong to the rest of the configuration).
     *
     * @throws RuleException for YAML syntax errors too, with their line
     */
    public static List<Rule> parseDocument(String yaml) {
        Node root = YamlDocuments.compose(yaml, RuleException::new);
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof MappingNode mapping)) {
            Problems problems = new Problems();
            problems.add(root, "configuration", null, "expected a mapping with a 'rules:' list");
            throw new RuleException(problems.inFileOrder());
        }
        return parse(YamlDocuments.valueOf(mapping, "rules"));
    }
}
