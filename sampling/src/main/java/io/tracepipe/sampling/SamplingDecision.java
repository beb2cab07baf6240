package io.tracepipe.sampling;

import java.util.Objects;

/**
 * The sampling decision on one trace, taken by the {@link Sampler} from the policies' votes: keep it
 * or not, and the name of the policy that decided ({@link #NO_POLICY_MATCHED} when no policy wanted
 * the trace).
 */
public record SamplingDecision(boolean keep, String policy) {

    /** The name given when no policy sampled the trace and none dropped it either. */
    public static final String NO_POLICY_MATCHED = "no_policy_matched";

    public SamplingDecision {
        Objects.requireNonNull(policy, "policy");
    }

    static SamplingDecision kept(String policy) {
        return new SamplingDecision(true, policy);
    }

    static SamplingDecision notKept(String policy) {
        return new SamplingDecision(false, policy);
    }
}
