package io.tracepipe.sampling;

import java.util.Objects;

/** A policy's decision on one trace and the name of the policy (or composite sub-policy) that made it. */
public record PolicyDecision(Decision decision, String decidedBy) {
    public PolicyDecision {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(decidedBy, "decidedBy");
    }
}
