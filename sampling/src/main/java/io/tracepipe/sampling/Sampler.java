package io.tracepipe.sampling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a whole trace is kept, from an ordered list of policies, with the precedence of
 * the Collector's {@code tail_sampling} processor:
 *
 * <ol>
 *   <li>{@code drop} policies are evaluated first, in configuration order, and the first that
 *       drops the trace decides; no other policy is evaluated then, so no rate-limiting or
 *       composite budget is spent on a dropped trace (the Collector does the same);
 *   <li>every other policy is then evaluated, in configuration order (the Collector has no
 *       short-cut either, so a {@code rate_limiting} policy spends budget on every trace it
 *       samples, even one that an inverted vote then rejects);
 *   <li>an inverted not-sampled vote ({@code invert_match} found the excluded value) rejects
 *       the trace, even when other policies sampled it;
 *   <li>otherwise the first policy that sampled the trace keeps it;
 *   <li>otherwise an inverted sampled vote keeps it, unless some policy said not sampled;
 *   <li>otherwise the trace is not kept ({@link SamplingDecision#NO_POLICY_MATCHED}).
 * </ol>
 *
 * A drop policy that does not match has no say: in the Collector its "not sampled" would also
 * stop an inverted sampled vote from keeping the trace, so adding an unrelated drop policy
 * would change what is kept; here it does not.
 *
 * Thread-safe: policies with a budget guard it themselves. Budgets belong to the policy
 * instances, so two samplers built from the same configuration have separate budgets.
 */
public final class Sampler {

    private final List<Policy> dropPolicies;
    private final List<Policy> otherPolicies;
    private final List<String> policyNames;
    private final List<String> decisionNames;

    public Sampler(List<Policy> policies) {
        List<Policy> drops = new ArrayList<>();
        List<Policy> others = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> deciders = new LinkedHashSet<>();
        for (Policy policy : policies) {
            if (!seen.add(policy.name())) {
                throw new IllegalArgumentException("two policies are named '" + policy.name() + "'");
            }
            names.add(policy.name());
            deciders.addAll(policy.voterNames());
            (policy instanceof DropPolicy ? drops : others).add(policy);
        }
        deciders.add(SamplingDecision.NO_POLICY_MATCHED);
        this.dropPolicies = List.copyOf(drops);
        this.otherPolicies = List.copyOf(others);
        this.policyNames = List.copyOf(names);
        this.decisionNames = List.copyOf(deciders);
    }

    /** Decides on one trace; {@code nowMs} is wall-clock epoch milliseconds, read by the per-second budgets. */
    public SamplingDecision decide(CandidateTrace trace, long nowMs) {
        for (Policy drop : dropPolicies) {
            if (drop.evaluate(trace, nowMs) == Vote.DROPPED) {
                return SamplingDecision.notKept(drop.name());
            }
        }
        String sampled = null;
        String invertedSampled = null;
        String invertedNotSampled = null;
        boolean anyNotSampled = false;
        for (Policy policy : otherPolicies) {
            PolicyVote v = policy.evaluateNamed(trace, nowMs);
            switch (v.vote()) {
                case DROPPED -> {
                    // only a drop policy drops, but a custom policy may too: it wins like one
                    return SamplingDecision.notKept(v.policy());
                }
                case SAMPLED -> sampled = sampled == null ? v.policy() : sampled;
                case INVERTED_SAMPLED -> invertedSampled = invertedSampled == null ? v.policy() : invertedSampled;
                case INVERTED_NOT_SAMPLED ->
                        invertedNotSampled = invertedNotSampled == null ? v.policy() : invertedNotSampled;
                case NOT_SAMPLED -> anyNotSampled = true;
                default -> throw new IllegalStateException("unknown vote " + v.vote());
            }
        }
        if (invertedNotSampled != null) {
            return SamplingDecision.notKept(invertedNotSampled);
        }
        if (sampled != null) {
            return SamplingDecision.kept(sampled);
        }
        if (invertedSampled != null && !anyNotSampled) {
            return SamplingDecision.kept(invertedSampled);
        }
        return SamplingDecision.notKept(SamplingDecision.NO_POLICY_MATCHED);
    }

    /** The names of the configured policies, in configuration order. */
    public List<String> policyNames() {
        return policyNames;
    }

    /**
     * Every name a {@link SamplingDecision} can carry: the policies, the composite sub-policies
     * ({@code composite/errors}) and {@link SamplingDecision#NO_POLICY_MATCHED}; for registering
     * per-policy counters up front.
     */
    public List<String> decisionNames() {
        return decisionNames;
    }
}
