package io.tracepipe.sampling;

import io.tracepipe.config.ConfigException;
import io.tracepipe.config.ConfigProblems;
import io.tracepipe.config.MappingReader;
import io.tracepipe.config.Place;
import io.tracepipe.config.YamlDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

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
     * The policies of the {@code policies:} node, read once, in configuration order; none when the
     * node is null or empty. Each task makes its own instances from them.
     *
     * @throws ConfigException listing every problem
     */
    public static SamplingPolicies read(Node policiesNode) {
        if (policiesNode == null || MappingReader.isNull(policiesNode)) {
            return new SamplingPolicies(List.of());
        }
        ConfigProblems problems = new ConfigProblems();
        if (!(policiesNode instanceof SequenceNode sequence)) {
            problems.add(policiesNode, Place.path(PATH), "expected a list of policies, each starting with '- name: ...'");
            throw problems.failure(PATH);
        }
        List<Supplier<Policy>> policies = new ArrayList<>();
        for (ReadPolicy read : new PolicyListReader(problems).read(sequence, PATH, true)) {
            if (read.policy() != null) {
                policies.add(read.policy());
            }
        }
        problems.throwIfAny(PATH);
        return new SamplingPolicies(policies);
    }

    /**
     * The policies of a whole YAML document, read once: its top-level {@code policies:} list, or the
     * {@code policies:} of its top-level {@code sampling:} mapping (a whole tracepipe.yaml); other
     * keys are ignored.
     *
     * @throws ConfigException for YAML syntax errors too, with their line
     */
    public static SamplingPolicies readDocument(String yaml) {
        Node root = YamlDocuments.compose(yaml, PATH);
        if (root == null) {
            return read(null);
        }
        if (!(root instanceof MappingNode mapping)) {
            ConfigProblems problems = new ConfigProblems();
            problems.add(root, Place.path("configuration"), "expected a mapping with a 'policies:' list");
            throw problems.failure(PATH);
        }
        Node policies = YamlDocuments.valueOf(mapping, "policies");
        if (policies == null && YamlDocuments.valueOf(mapping, "sampling") instanceof MappingNode sampling) {
            policies = YamlDocuments.valueOf(sampling, "policies");
        }
        return read(policies);
    }

    /** One instance of each policy of the node (see {@link #read}). */
    public static List<Policy> parse(Node policiesNode) {
        return read(policiesNode).newPolicies();
    }

    /** One instance of each policy of a whole document (see {@link #readDocument}); for tests. */
    public static List<Policy> parseDocument(String yaml) {
        return readDocument(yaml).newPolicies();
    }
}
