package io.tracepipe.sampling;

import java.util.Objects;

/** A policy's vote on one trace and the name of the policy (or composite sub-policy) that cast it. */
public record PolicyVote(Vote vote, String policy) {
    public PolicyVote {
        Objects.requireNonNull(vote, "vote");
        Objects.requireNonNull(policy, "policy");
    }
}
