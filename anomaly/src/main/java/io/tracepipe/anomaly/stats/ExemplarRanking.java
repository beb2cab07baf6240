package io.tracepipe.anomaly.stats;

import java.util.Comparator;

/**
 * What makes a span a worse exemplar: for error conditions the failures come first, for latency
 * conditions only the duration counts (a request that failed fast proves nothing about slowness).
 */
public enum ExemplarRanking {
    /** Errored before non-errored, then longest first. */
    ERRORS_FIRST(Exemplar.WORST_FIRST),
    /** Longest first, errored or not. */
    SLOWEST_FIRST(Comparator.comparingLong(Exemplar::durationNanos).reversed()
            .thenComparing(Exemplar::traceId)
            .thenComparing(Exemplar::spanId));

    private final Comparator<Exemplar> worstFirst;

    ExemplarRanking(Comparator<Exemplar> worstFirst) {
        this.worstFirst = worstFirst;
    }

    /** Orders exemplars worst first; ids break ties so the result never depends on arrival order. */
    public Comparator<Exemplar> worstFirst() {
        return worstFirst;
    }

    /** Whether a span of this error flag and duration could rank before {@code mildest}; false means it cannot. */
    boolean mayDisplace(boolean error, long durationNanos, Exemplar mildest) {
        if (this == ERRORS_FIRST && error != mildest.error()) {
            return error;
        }
        return durationNanos >= mildest.durationNanos();
    }
}
