package io.tracepipe.sampling;

import java.util.List;

/** One tail-sampling policy: looks at a whole trace and votes on whether it is kept. */
public interface Policy {

    /** The configured name, unique among its siblings; used in decisions and metrics. */
    String name();

    /**
     * Votes on one trace.
     *
     * @param nowMs wall-clock time in epoch milliseconds, given by the caller; only the policies
     *     with a per-second budget read it, so tests can simulate time
     */
    Vote evaluate(CandidateTrace trace, long nowMs);

    /**
     * Votes on one trace and names who voted: the policy itself, or for a composite the
     * sub-policy that sampled it ({@code composite/errors}). A policy with a budget spends it
     * here, so call either this or {@link #evaluate}, once per trace.
     */
    default PolicyVote evaluateNamed(CandidateTrace trace, long nowMs) {
        return new PolicyVote(evaluate(trace, nowMs), name());
    }

    /** Every name {@link #evaluateNamed} may return, so counters can be registered up front. */
    default List<String> voterNames() {
        return List.of(name());
    }
}
