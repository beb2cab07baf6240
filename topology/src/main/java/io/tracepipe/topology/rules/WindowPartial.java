package io.tracepipe.topology.rules;

/** A task's partial statistics of one rule and group key for one window, on their way to be merged. */
public record WindowPartial(long windowStartMs, byte[] stats) implements RuleCheckOutput {}
