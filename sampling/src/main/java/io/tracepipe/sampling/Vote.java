package io.tracepipe.sampling;

/**
 * What one policy says about a trace (the Collector calls these decisions): the inverted ones come
 * from {@code invert_match} and have their own precedence in {@link Sampler}, which weighs the votes
 * of all policies into one {@link SamplingDecision}.
 */
public enum Vote {
    /** The policy wants the trace kept. */
    SAMPLED,
    /** The policy has no reason to keep the trace. */
    NOT_SAMPLED,
    /** An inverted match found nothing it must exclude: keep the trace, unless some policy said NOT_SAMPLED. */
    INVERTED_SAMPLED,
    /** An inverted match found what it excludes: the trace is not kept, whatever other policies say (except drop). */
    INVERTED_NOT_SAMPLED,
    /** A drop policy matched: the trace is not kept, whatever any other policy says. */
    DROPPED;

    /**
     * Whether this counts as "sampled" inside {@code and}, {@code composite} and {@code drop}: there
     * an inverted vote is a plain yes or no, as in the Collector.
     */
    public boolean samples() {
        return this == SAMPLED || this == INVERTED_SAMPLED;
    }

    /** The vote of an attribute policy that {@code matched} (or, inverted, that found the excluded value). */
    static Vote ofMatch(boolean matched, boolean invert) {
        if (invert) {
            return matched ? INVERTED_NOT_SAMPLED : INVERTED_SAMPLED;
        }
        return matched ? SAMPLED : NOT_SAMPLED;
    }

    /** The vote of a plain condition. */
    static Vote of(boolean sampled) {
        return sampled ? SAMPLED : NOT_SAMPLED;
    }
}
