package io.tracepipe.sampling;

import io.tracepipe.config.YamlDocuments;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the {@code sampling.policies} list. Works on YAML nodes, not plain maps, so every problem
 * names its line; reports every problem of every policy, sub-policies included, at once, each as
 * {@code line N: sampling.policies[i] 'NAME': FIELD: message} with i counted from 1.
 */
public final class SamplingPoliciesParser {

    /** Where the list sits in the configuration, as messages name it. */
    public static final String PATH = "sampling.policies";

    private SamplingPoliciesParser() {}

    /**
     * The policies of the {@code policies:} node, in configuration order; none when the node is
     * null or empty.
     *
     * @throws SamplingConfigException listing every problem
     */
    public static List<Policy> parse(Node policiesNode) {
        if (policiesNode == null || policiesNode instanceof ScalarNode scalar && scalar.getTag() == Tag.NULL) {
            return List.of();
        }
        ConfigProblems problems = new ConfigProblems();
        if (!(policiesNode instanceof SequenceNode sequence)) {
            problems.add(policiesNode, PATH, null, "expected a list of policies, each starting with '- name: ...'");
            throw new SamplingConfigException(problems.inFileOrder());
        }
        List<Policy> policies = new ArrayList<>();
        for (ReadPolicy read : new PolicyListReader(problems).read(sequence, PATH, true)) {
            if (read.policy() != null) {
                policies.add(read.policy());
            }
        }
        if (!problems.isEmpty()) {
            throw new SamplingConfigException(problems.inFileOrder());
        }
        return List.copyOf(policies);
    }

    /**
     * The policies of a whole YAML document: its top-level {@code policies:} list, or the
     * {@code policies:} of its top-level {@code sampling:} mapping (a whole tracepipe.yaml); other
     * keys are ignored. For tests and {@code check-config}.
     *
     * @throws SamplingConfigException for YAML syntax errors too, with their line
     */
    public static List<Policy> parseDocument(String yaml) {
        Node root = YamlDocuments.compose(yaml, SamplingConfigException::new);
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof MappingNode mapping)) {
            ConfigProblems problems = new ConfigProblems();
            problems.add(root, "configuration", null, "expected a mapping with a 'policies:' list");
            throw new SamplingConfigException(problems.inFileOrder());
        }
        Node policies = YamlDocuments.valueOf(mapping, "policies");
        if (policies == null && YamlDocuments.valueOf(mapping, "sampling") instanceof MappingNode sampling) {
            policies = YamlDocuments.valueOf(sampling, "policies");
        }
        return parse(policies);
    }
}
