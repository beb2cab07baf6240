/**
 * Tail sampling of whole assembled traces, with the policies and precedence of the OpenTelemetry
 * Collector's {@code tail_sampling} processor, plus tracepipe's {@code alert_exemplar}. Pure logic:
 * no Kafka types.
 *
 * <p>{@link io.tracepipe.sampling.SamplingPoliciesParser} reads the {@code sampling.policies} list
 * (each entry a {@code name}, a {@code type} and the type's fields, under a key named after the type
 * as in the Collector, or flat beside name and type) into {@link io.tracepipe.sampling.Policy
 * policies}; each policy casts a {@link io.tracepipe.sampling.Vote} on a
 * {@link io.tracepipe.sampling.CandidateTrace}, and a {@link io.tracepipe.sampling.Sampler} built
 * from them weighs the votes into one {@link io.tracepipe.sampling.SamplingDecision}: keep or not,
 * and the policy that decided.
 */
package io.tracepipe.sampling;
