package io.tracepipe.sampling;

import java.util.List;

/** One tail-sampling policy: looks at a whole trace and says whether it wants it kept. */
public interface Policy {

    /** The configured name, unique among its siblings; used in results and metrics. */
    String name();

    /**
     * Decides on one trace.
     *
     * @param nowMs wall-clock time in epoch milliseconds, given by the caller; only the policies
     *     with a per-second budget read it, so tests can simulate time
     */
    Decision evaluate(SampledTrace trace, long nowMs);

    /**
     * Decides on one trace and names who decided: the policy itself, or for a composite the
     * sub-policy that sampled it ({@code composite/errors}). A policy with a budget spends it
     * here, so call either this or {@link #evaluate}, once per trace.
     */
    default PolicyDecision evaluateNamed(SampledTrace trace, long nowMs) {
        return new PolicyDecision(evaluate(trace, nowMs), name());
    }

    /** Every name {@link #evaluateNamed} may return, so counters can be registered up front. */
    default List<String> decisionNames() {
        return List.of(name());
    }
}
