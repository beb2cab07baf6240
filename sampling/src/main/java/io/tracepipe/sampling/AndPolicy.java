package io.tracepipe.sampling;

import java.util.List;

/**
 * {@code and}: keeps traces that every sub-policy samples. Stops at the first sub-policy that does
 * not, as the Collector does, so later sub-policies (a rate limit last, say) spend no budget on
 * traces the earlier ones reject.
 */
final class AndPolicy implements Policy {

    private final String name;
    private final List<Policy> subPolicies;

    AndPolicy(String name, List<Policy> subPolicies) {
        if (subPolicies.isEmpty()) {
            throw new IllegalArgumentException("and needs at least one sub-policy");
        }
        this.name = name;
        this.subPolicies = List.copyOf(subPolicies);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vote evaluate(CandidateTrace trace, long nowMs) {
        for (Policy sub : subPolicies) {
            if (!sub.evaluate(trace, nowMs).samples()) {
                return Vote.NOT_SAMPLED;
            }
        }
        return Vote.SAMPLED;
    }
}
