package io.tracepipe.topology.rules;

import io.tracepipe.topology.assembly.AssembledTrace;

/**
 * An assembled trace that the rules have seen, on its way to sampling.
 *
 * @param exemplarCandidate true when one of its spans may become an alert exemplar, so sampling can keep it
 */
public record CheckedTrace(AssembledTrace trace, boolean exemplarCandidate) implements RuleCheckOutput {}
