package io.tracepipe.sampling;

import io.tracepipe.config.ConfigProblems;
import io.tracepipe.config.MappingReader;
import io.tracepipe.config.Place;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a list of policies (the top-level one or the sub-policies of and, composite and drop), names unique within it. */
final class PolicyListReader {

    private final ConfigProblems problems;
    // the entries being read, which the one read now is inside of: through an alias, an and policy could hold itself
    private final Set<Node> reading = MappingReader.identitySet();

    PolicyListReader(ConfigProblems problems) {
        this.problems = problems;
    }

    ConfigProblems problems() {
        return problems;
    }

    /**
     * @param path where the list is, e.g. {@code sampling.policies} or
     *     {@code sampling.policies[3].composite.composite_sub_policy}; entries are named
     *     {@code path[i]} with i from 1
     */
    List<ReadPolicy> read(SequenceNode list, String path, boolean topLevel) {
        List<ReadPolicy> read = new ArrayList<>();
        Map<String, Node> firstByName = new HashMap<>();
        List<Node> items = list.getValue();
        for (int i = 0; i < items.size(); i++) {
            String base = path + "[" + (i + 1) + "]";
            if (!reading.add(items.get(i))) {
                problems.add(items.get(i), Place.subject(base), "a policy cannot hold itself (through an alias)");
                read.add(new ReadPolicy(null, null, null));
                continue;
            }
            ReadPolicy policy = new PolicyReader(problems, this).read(items.get(i), base, topLevel);
            reading.remove(items.get(i));
            if (policy.name() != null) {
                Node first = firstByName.putIfAbsent(policy.name(), policy.nameNode());
                if (first != null) {
                    problems.add(policy.nameNode(), new Place(base + " '" + policy.name() + "'", "name"),
                            "another policy of this list has this name (line " + ConfigProblems.lineOf(first)
                                    + "); names must be unique");
                    policy = new ReadPolicy(policy.name(), policy.nameNode(), null);
                }
            }
            read.add(policy);
        }
        return read;
    }
}
