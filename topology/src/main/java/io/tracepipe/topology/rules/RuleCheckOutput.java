package io.tracepipe.topology.rules;

/**
 * What the rule check emits: a checked trace on its way to sampling, or a partial of rule
 * statistics on its way to be judged.
 */
public sealed interface RuleCheckOutput permits CheckedTrace, WindowPartial {}
