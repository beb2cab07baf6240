package io.tracepipe.sampling;

import java.util.List;
import java.util.function.Supplier;

/**
 * The configured sampling policies, read and checked once (at start), from which each task makes
 * policies of its own without reading the configuration again: a {@code rate_limiting} or
 * {@code composite} policy keeps a per-second budget, which tasks must not share. Made by
 * {@link SamplingPoliciesParser#read}.
 */
public final class SamplingPolicies {

    private final List<Supplier<Policy>> policies;

    SamplingPolicies(List<Supplier<Policy>> policies) {
        this.policies = List.copyOf(policies);
        // made once now, so that a policy that cannot be made fails the start, not the first task
        newSampler();
    }

    /** Fresh instances of the policies, in configuration order; budgets start empty. */
    public List<Policy> newPolicies() {
        return make(policies);
    }

    /** A sampler over fresh instances of the policies, for one task. */
    public Sampler newSampler() {
        return new Sampler(newPolicies());
    }

    public boolean isEmpty() {
        return policies.isEmpty();
    }

    static List<Policy> make(List<Supplier<Policy>> policies) {
        return policies.stream().map(Supplier::get).toList();
    }
}
