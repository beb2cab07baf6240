package io.tracepipe.sampling;

import java.util.Objects;

/**
 * The sampler's verdict on one trace: keep it or not, and the name of the policy that decided
 * ({@link #NO_POLICY_MATCHED} when no policy wanted the trace).
 */
public record SamplingResult(boolean keep, String policy) {

    /** The name given when no policy sampled the trace and none dropped it either. */
    public static final String NO_POLICY_MATCHED = "no_policy_matched";

    public SamplingResult {
        Objects.requireNonNull(policy, "policy");
    }

    static SamplingResult kept(String policy) {
        return new SamplingResult(true, policy);
    }

    static SamplingResult notKept(String policy) {
        return new SamplingResult(false, policy);
    }
}
