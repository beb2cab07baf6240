package io.tracepipe.topology.sampling;

import io.tracepipe.sampling.Sampler;
import io.tracepipe.sampling.SamplingPolicies;
import io.tracepipe.sampling.SamplingPoliciesParser;

/**
 * The sampling policies, read once at start; each task gets a sampler of its own, with policy
 * instances of its own, since rate limits keep budgets.
 */
public record SamplingSettings(SamplingPolicies policies) {

    /** Without sampling policies every trace is kept. */
    public static final SamplingSettings KEEP_ALL = new SamplingSettings(
            SamplingPoliciesParser.readDocument("policies: [{name: keep-all, type: always_sample}]"));

    public Sampler newSampler() {
        return policies.newSampler();
    }
}
