package io.tracepipe.sampling;

import io.tracepipe.config.ClosestName;
import io.tracepipe.config.ConfigProblems;
import io.tracepipe.config.MappingReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the fields of a {@code composite} policy: its total rate, its sub-policies, their order
 * and their rate allocations, which must name sub-policies and add up to at most 100 %.
 */
final class CompositeReader {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** A sub-policy as made for one composite, with its spans per second. */
    private record ShareOf(Supplier<Policy> policy, long spansPerSecond) {}

    private final MappingReader f;
    private final PolicyListReader lists;
    private final String base;

    CompositeReader(MappingReader f, PolicyListReader lists, String base) {
        this.f = f;
        this.lists = lists;
        this.base = base;
    }

    /** What makes the composite policy (each with fresh budgets), or null when it has problems (all reported). */
    Supplier<Policy> read(String name) {
        Long total = f.required("max_total_spans_per_second")
                ? f.wholeNumber("max_total_spans_per_second", 1, Long.MAX_VALUE) : null;
        SequenceNode subList = f.required("composite_sub_policy") ? f.list("composite_sub_policy") : null;
        List<ReadPolicy> subs = subList == null ? List.of()
                : lists.read(subList, base + "." + f.place().field("composite_sub_policy").path(), false);
        Map<String, ReadPolicy> byName = new LinkedHashMap<>();
        subs.stream().filter(s -> s.name() != null).forEach(s -> byName.putIfAbsent(s.name(), s));

        List<String> order = subList == null ? null : order(byName, subs);
        Map<String, BigDecimal> percents = subList == null ? null : allocations(byName);

        if (total == null || subList == null || order == null || percents == null
                || subs.stream().anyMatch(s -> s.policy() == null)) {
            return null;
        }
        List<ShareOf> shares = new ArrayList<>();
        for (String sub : order) {
            shares.add(new ShareOf(byName.get(sub).policy(), share(total, percents.get(sub), subs.size())));
        }
        return () -> new CompositePolicy(name, total, shares.stream()
                .map(s -> new CompositePolicy.Share(s.policy().get(), s.spansPerSecond())).toList());
    }

    /**
     * A sub-policy's spans per second: its percentage of the total, or, without one (or with 0 %,
     * as the Collector reads it), an equal share of the total; rounded down to whole spans.
     */
    static long share(long total, BigDecimal percent, int subPolicies) {
        if (percent == null || percent.signum() == 0) {
            return total / subPolicies;
        }
        return BigDecimal.valueOf(total).multiply(percent).divide(HUNDRED, 0, RoundingMode.FLOOR).longValueExact();
    }

    /** The evaluation order: {@code policy_order} when given (naming every sub-policy once), else the list's order. */
    private List<String> order(Map<String, ReadPolicy> byName, List<ReadPolicy> subs) {
        if (!f.has("policy_order")) {
            return subs.stream().map(ReadPolicy::name).toList();
        }
        List<ScalarNode> names = f.texts("policy_order");
        if (names == null) {
            return null;
        }
        List<String> order = new ArrayList<>();
        boolean valid = true;
        for (ScalarNode n : names) {
            String name = n.getValue();
            if (!byName.containsKey(name)) {
                f.report(n, "policy_order", "'" + name + "' is not a sub-policy of this composite"
                        + ClosestName.hint(name, byName.keySet(), "its sub-policies"));
                valid = false;
            } else if (order.contains(name)) {
                f.report(n, "policy_order", "'" + name + "' is listed twice");
                valid = false;
            } else {
                order.add(name);
            }
        }
        for (String name : byName.keySet()) {
            if (valid && !order.contains(name)) {
                f.report(f.value("policy_order"), "policy_order", "does not list '" + name
                        + "'; list every sub-policy once, in the order they are tried");
                valid = false;
            }
        }
        return valid ? order : null;
    }

    /** The percentage of each sub-policy with an allocation; null when the allocations have problems. */
    private Map<String, BigDecimal> allocations(Map<String, ReadPolicy> byName) {
        if (!f.has("rate_allocation")) {
            return Map.of();
        }
        SequenceNode list = f.list("rate_allocation");
        if (list == null) {
            return null;
        }
        Map<String, BigDecimal> percents = new HashMap<>();
        Map<String, Node> firstAt = new HashMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        boolean valid = true;
        for (int i = 0; i < list.getValue().size(); i++) {
            Node item = list.getValue().get(i);
            if (!(item instanceof MappingNode mapping)) {
                f.report(item, "rate_allocation", "expected entries such as { policy: errors, percent: 50 }");
                valid = false;
                continue;
            }
            MappingReader entry = new MappingReader(mapping, f.place().field("rate_allocation").item(i + 1),
                    lists.problems());
            entry.rejectUnknown(List.of("policy", "percent"));
            String policy = entry.required("policy") ? entry.text("policy") : null;
            BigDecimal percent = entry.required("percent") ? entry.decimal("percent", BigDecimal.ZERO, HUNDRED) : null;
            if (policy != null && !byName.containsKey(policy)) {
                entry.report(entry.value("policy"), "policy", "'" + policy + "' is not a sub-policy of this composite"
                        + ClosestName.hint(policy, byName.keySet(), "its sub-policies"));
                policy = null;
            } else if (policy != null && firstAt.containsKey(policy)) {
                entry.report(entry.value("policy"), "policy", "'" + policy + "' already has an allocation (line "
                        + ConfigProblems.lineOf(firstAt.get(policy)) + ")");
                policy = null;
            }
            if (policy == null || percent == null) {
                valid = false;
                continue;
            }
            firstAt.put(policy, entry.value("policy"));
            percents.put(policy, percent);
            sum = sum.add(percent);
        }
        if (sum.compareTo(HUNDRED) > 0) {
            f.report(f.value("rate_allocation"), "rate_allocation", "the percentages add up to "
                    + sum.stripTrailingZeros().toPlainString() + ", more than 100");
            valid = false;
        }
        return valid ? percents : null;
    }
}
