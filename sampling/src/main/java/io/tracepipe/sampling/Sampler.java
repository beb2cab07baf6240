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
 *       samples, even one that an inverted decision then rejects);
 *   <li>an inverted not-sampled decision ({@code invert_match} found the excluded value) rejects
 *       the trace, even when other policies sampled it;
 *   <li>otherwise the first policy that sampled the trace keeps it;
 *   <li>otherwise an inverted sampled decision keeps it, unless some policy said not sampled;
 *   <li>otherwise the trace is not kept ({@link SamplingResult#NO_POLICY_MATCHED}).
 * </ol>
 *
 * A drop policy that does not match has no say: in the Collector its "not sampled" would also
 * stop an inverted sampled decision from keeping the trace, so adding an unrelated drop policy
 * would change what is kept; here it does not.
 *
 * Thread-safe: policies with a budget guard it themselves. Budgets belong to the policy
 * instances, so two samplers built from the same configuration have separate budgets.
 */
public final class Sampler {

    private final List<Policy> dropPolicies;
    private final List<Policy> otherPolicies;
    private final List<String> policyNames;
    private final List<String> resultNames;

    public Sampler(List<Policy> policies) {
        List<Policy> drops = new ArrayList<>();
        List<Policy> others = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> results = new LinkedHashSet<>();
        for (Policy policy : policies) {
            if (!seen.add(policy.name())) {
                throw new IllegalArgumentException("two policies are named '" + policy.name() + "'");
            }
            names.add(policy.name());
            results.addAll(policy.decisionNames());
            (policy instanceof DropPolicy ? drops : others).add(policy);
        }
        results.add(SamplingResult.NO_POLICY_MATCHED);
        this.dropPolicies = List.copyOf(drops);
        this.otherPolicies = List.copyOf(others);
        this.policyNames = List.copyOf(names);
        this.resultNames = List.copyOf(results);
    }

    /** Decides on one trace; {@code nowMs} is wall-clock epoch milliseconds, read by the per-second budgets. */
    public SamplingResult decide(SampledTrace trace, long nowMs) {
        for (Policy drop : dropPolicies) {
            if (drop.evaluate(trace, nowMs) == Decision.DROPPED) {
                return SamplingResult.notKept(drop.name());
            }
        }
        String sampled = null;
        String invertedSampled = null;
        String invertedNotSampled = null;
        boolean anyNotSampled = false;
        for (Policy policy : otherPolicies) {
            PolicyDecision d = policy.evaluateNamed(trace, nowMs);
            switch (d.decision()) {
                case DROPPED -> {
                    // only a drop policy drops, but a custom policy may too: it wins like one
                    return SamplingResult.notKept(d.decidedBy());
                }
                case SAMPLED -> sampled = sampled == null ? d.decidedBy() : sampled;
                case INVERTED_SAMPLED -> invertedSampled = invertedSampled == null ? d.decidedBy() : invertedSampled;
                case INVERTED_NOT_SAMPLED ->
                        invertedNotSampled = invertedNotSampled == null ? d.decidedBy() : invertedNotSampled;
                case NOT_SAMPLED -> anyNotSampled = true;
                default -> throw new IllegalStateException("unknown decision " + d.decision());
            }
        }
        if (invertedNotSampled != null) {
            return SamplingResult.notKept(invertedNotSampled);
        }
        if (sampled != null) {
            return SamplingResult.kept(sampled);
        }
        if (invertedSampled != null && !anyNotSampled) {
            return SamplingResult.kept(invertedSampled);
        }
        return SamplingResult.notKept(SamplingResult.NO_POLICY_MATCHED);
    }

    /** The names of the configured policies, in configuration order. */
    public List<String> policyNames() {
        return policyNames;
    }

    /**
     * Every name a {@link SamplingResult} can carry: the policies, the composite sub-policies
     * ({@code composite/errors}) and {@link SamplingResult#NO_POLICY_MATCHED}; for registering
     * per-policy counters up front.
     */
    public List<String> resultNames() {
        return resultNames;
    }
}
