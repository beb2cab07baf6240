package io.tracepipe.anomaly.eval;

/** What a closed window says about a rule's condition. */
public enum Outcome {
    /** The condition is met: the window breaches the rule. */
    BREACH,
    /** Enough data, condition not met. */
    CLEAR,
    /** Fewer spans than {@code min_count}, or a baseline still warming up: says nothing either way. */
    INSUFFICIENT_DATA
}
