package io.tracepipe.topology.sampling;

import java.util.List;

/**
 * {@code drop}: drops traces that every sub-policy samples (matches); a dropped trace is not kept,
 * whatever the other policies say. Otherwise it says NOT_SAMPLED, which keeps nothing by itself.
 */
final class DropPolicy implements Policy {

    private final String name;
    private final List<Policy> subPolicies;

    DropPolicy(String name, List<Policy> subPolicies) {
        if (subPolicies.isEmpty()) {
            throw new IllegalArgumentException("drop needs at least one sub-policy");
        }
        this.name = name;
        this.subPolicies = List.copyOf(subPolicies);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Decision evaluate(SampledTrace trace, long nowMs) {
        for (Policy sub : subPolicies) {
            if (!sub.evaluate(trace, nowMs).samples()) {
                return Decision.NOT_SAMPLED;
            }
        }
        return Decision.DROPPED;
    }
}
