package io.tracepipe.topology.sampling;

import io.tracepipe.sampling.Policy;
import io.tracepipe.sampling.Sampler;
import io.tracepipe.sampling.SamplingPoliciesParser;
import java.util.List;
import java.util.function.Supplier;

/**
 * The sampling policies; each task gets a sampler of its own, since rate limits keep budgets.
 *
 * @param policies builds a fresh set of the configured policies
 */
public record SamplingSettings(Supplier<List<Policy>> policies) {

    /** Without sampling policies every trace is kept. */
    public static final SamplingSettings KEEP_ALL = new SamplingSettings(
            () -> SamplingPoliciesParser.parseDocument("policies: [{name: keep-all, type: always_sample}]"));

    public Sampler newSampler() {
        return new Sampler(policies.get());
    }
}
