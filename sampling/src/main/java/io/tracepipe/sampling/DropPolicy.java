package io.tracepipe.sampling;

import java.util.List;

/**
 * {@code drop}: drops traces that every sub-policy samples (matches); a dropped trace is not kept,
 * whatever the other policies say. Otherwise it says NOT_SAMPLED, which keeps nothing by itself.
 * The matching is {@code and}'s (stopping at the first sub-policy that does not sample), with its
 * SAMPLED read as DROPPED.
 */
final class DropPolicy implements Policy {

    private final String name;
    private final AndPolicy allMatch;

    DropPolicy(String name, List<Policy> subPolicies) {
        if (subPolicies.isEmpty()) {
            throw new IllegalArgumentException("drop needs at least one sub-policy");
        }
        this.name = name;
        this.allMatch = new AndPolicy(name, subPolicies);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vote evaluate(CandidateTrace trace, long nowMs) {
        // AndPolicy says only SAMPLED or NOT_SAMPLED
        return allMatch.evaluate(trace, nowMs) == Vote.SAMPLED ? Vote.DROPPED : Vote.NOT_SAMPLED;
    }
}
