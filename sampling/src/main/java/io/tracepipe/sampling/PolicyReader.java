package io.tracepipe.sampling;

import static io.tracepipe.sampling.PolicyTypes.FIELDS;

import io.tracepipe.config.ClosestName;
import io.tracepipe.config.ConfigProblems;
import io.tracepipe.config.MappingReader;
import io.tracepipe.config.Place;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one policy entry: {@code name}, {@code type} and the type's fields, either in the
 * Collector's layout (under a key named after the type: {@code latency: {threshold_ms: 500}}) or
 * flat beside name and type. Reports every problem it finds instead of stopping at the first.
 */
final class PolicyReader {

    private final ConfigProblems problems;
    private final PolicyListReader lists;

    PolicyReader(ConfigProblems problems, PolicyListReader lists) {
        this.problems = problems;
        this.lists = lists;
    }

    /**
     * @param base the entry's path without its name, e.g. {@code sampling.policies[2]}
     * @param topLevel false for sub-policies, which may not be drop or composite
     */
    ReadPolicy read(Node item, String base, boolean topLevel) {
        if (!(item instanceof MappingNode node)) {
            problems.add(item, Place.subject(base), "expected a mapping with name, type and the type's fields");
            return new ReadPolicy(null, null, null);
        }
        int before = problems.size();
        String peeked = peekName(node);
        // named from the first message on, even those found before the name is read
        MappingReader entry = new MappingReader(node, Place.subject(peeked == null ? base : base + " '" + peeked + "'"),
                problems);

        String name = entry.required("name") ? entry.text("name") : null;
        String type = readType(entry, topLevel);
        if (type == null) {
            // without a (valid) type the other fields cannot be judged
            return new ReadPolicy(name, entry.value("name"), null);
        }
        MappingReader body = body(entry, type);
        Supplier<Policy> policy = body == null ? null : policyOf(type, name, body, base);
        if (problems.size() > before || name == null) {
            return new ReadPolicy(name, entry.value("name"), null);
        }
        return new ReadPolicy(name, entry.value("name"), policy);
    }

    private static String peekName(MappingNode node) {
        for (NodeTuple tuple : node.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("name")
                    && tuple.getValueNode() instanceof ScalarNode value && !MappingReader.isNull(value)
                    && !value.getValue().isBlank()) {
                return value.getValue();
            }
        }
        return null;
    }

    private static String readType(MappingReader entry, boolean topLevel) {
        if (!entry.required("type")) {
            return null;
        }
        String type = entry.text("type");
        if (type == null) {
            return null;
        }
        Node at = entry.value("type");
        if (!FIELDS.containsKey(type)) {
            entry.report(at, "type", "unknown policy type '" + type + "'"
                    + ClosestName.hint(type, FIELDS.keySet(), "known types"));
            return null;
        }
        if (!topLevel && PolicyTypes.TOP_LEVEL_ONLY.contains(type)) {
            entry.report(at, "type", "a " + type + " policy can only be at the top of sampling.policies,"
                    + " not a sub-policy");
            return null;
        }
        return type;
    }

    /** The mapping holding the type's fields, with unknown fields reported; null when it is not a mapping. */
    private MappingReader body(MappingReader entry, String type) {
        List<String> typeFields = FIELDS.get(type);
        if (entry.has(type)) {
            for (String field : entry.names()) {
                if (typeFields.contains(field)) {
                    entry.report(entry.key(field), field, "belongs under '" + type + ":' with the other " + type
                            + " fields (or write them all beside name and type, without '" + type + ":')");
                }
            }
            List<String> known = new ArrayList<>(List.of("name", "type", type));
            known.addAll(typeFields);
            entry.rejectUnknown(known);
            Node block = entry.value(type);
            if (MappingReader.isNull(block)) {
                // "always_sample:" with nothing after it: a type without fields, written the Collector's way
                block = new MappingNode(Tag.MAP, true, new ArrayList<>(), block.getStartMark(), block.getEndMark(),
                        DumperOptions.FlowStyle.AUTO);
            }
            if (!(block instanceof MappingNode mapping)) {
                entry.report(block, type, "expected a mapping of the " + type + " fields ("
                        + (typeFields.isEmpty() ? "it has none" : String.join(", ", typeFields)) + ")");
                return null;
            }
            MappingReader body = new MappingReader(mapping, entry.place().field(type), problems);
            body.rejectUnknown(typeFields);
            return body;
        }
        List<String> known = new ArrayList<>(List.of("name", "type"));
        known.addAll(typeFields);
        for (String field : entry.names()) {
            if (!known.contains(field) && FIELDS.containsKey(field)) {
                // the Collector's layout, but under another type's key: say so rather than "unknown"
                entry.report(entry.key(field), field, "holds the fields of a " + field + " policy, but type is '"
                        + type + "'");
            }
        }
        entry.rejectUnknown(known, FIELDS.keySet());
        return entry;
    }

    private Supplier<Policy> policyOf(String type, String name, MappingReader f, String base) {
        return switch (type) {
            case PolicyTypes.ALWAYS_SAMPLE -> () -> new AlwaysSamplePolicy(name);
            case PolicyTypes.ALERT_EXEMPLAR -> () -> new AlertExemplarPolicy(name);
            case PolicyTypes.LATENCY -> LeafPolicyReader.latency(name, f);
            case PolicyTypes.STATUS_CODE -> LeafPolicyReader.statusCode(name, f);
            case PolicyTypes.PROBABILISTIC -> LeafPolicyReader.probabilistic(name, f);
            case PolicyTypes.STRING_ATTRIBUTE -> LeafPolicyReader.stringAttribute(name, f);
            case PolicyTypes.NUMERIC_ATTRIBUTE -> LeafPolicyReader.numericAttribute(name, f);
            case PolicyTypes.BOOLEAN_ATTRIBUTE -> LeafPolicyReader.booleanAttribute(name, f);
            case PolicyTypes.SPAN_COUNT -> LeafPolicyReader.spanCount(name, f);
            case PolicyTypes.TRACE_STATE -> LeafPolicyReader.traceState(name, f);
            case PolicyTypes.RATE_LIMITING -> LeafPolicyReader.rateLimiting(name, f);
            case PolicyTypes.AND -> {
                List<Supplier<Policy>> subs = subPolicies(f, "and_sub_policy", base);
                yield subs == null ? null : () -> new AndPolicy(name, SamplingPolicies.make(subs));
            }
            case PolicyTypes.DROP -> {
                List<Supplier<Policy>> subs = subPolicies(f, "drop_sub_policy", base);
                yield subs == null ? null : () -> new DropPolicy(name, SamplingPolicies.make(subs));
            }
            case PolicyTypes.COMPOSITE -> new CompositeReader(f, lists, base).read(name);
            default -> throw new IllegalStateException("type without a reader: " + type);
        };
    }

    /** What makes the policies of a sub-policy list, or null when it (or any of them) has problems. */
    private List<Supplier<Policy>> subPolicies(MappingReader f, String field, String base) {
        SequenceNode list = f.required(field) ? f.list(field) : null;
        if (list == null) {
            return null;
        }
        List<ReadPolicy> read = lists.read(list, base + "." + f.place().field(field).path(), false);
        List<Supplier<Policy>> policies = new ArrayList<>();
        for (ReadPolicy r : read) {
            if (r.policy() == null) {
                return null;
            }
            policies.add(r.policy());
        }
        return policies;
    }
}
