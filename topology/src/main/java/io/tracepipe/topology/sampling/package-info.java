/**
 * The sampling step of the topology: {@link io.tracepipe.topology.sampling.SamplingProcessor}
 * applies a task's own {@link io.tracepipe.sampling.Sampler} (from the pure {@code sampling}
 * module) to each checked trace, remembers the decision in the assembler's trace metadata so late
 * parts follow it, and forwards the kept traces redacted.
 */
package io.tracepipe.topology.sampling;
