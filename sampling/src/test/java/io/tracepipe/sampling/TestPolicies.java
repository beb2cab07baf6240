package io.tracepipe.sampling;

import java.util.List;

/** Builds policies and samplers from YAML, the way users write them. */
final class TestPolicies {

    private TestPolicies() {}

    /** One policy from one list item, e.g. {@code {name: slow, type: latency, latency: {threshold_ms: 500}}}. */
    static Policy policy(String item) {
        List<Policy> policies = SamplingPoliciesParser.parseDocument("policies:\n  - " + item + "\n");
        if (policies.size() != 1) {
            throw new IllegalStateException("expected one policy in " + item);
        }
        return policies.get(0);
    }

    /** A sampler from the items of a {@code policies:} list, one per line. */
    static Sampler sampler(String... items) {
        StringBuilder yaml = new StringBuilder("policies:\n");
        for (String item : items) {
            yaml.append("  - ").append(item).append('\n');
        }
        return new Sampler(SamplingPoliciesParser.parseDocument(yaml.toString()));
    }
}
