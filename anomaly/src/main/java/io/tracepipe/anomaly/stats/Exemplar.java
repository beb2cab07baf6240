package io.tracepipe.anomaly.stats;

import io.tracepipe.anomaly.eval.Culprit;
import java.util.Comparator;
import java.util.Objects;

/**
 * One of the worst matching spans of a window, kept as evidence for its alert.
 *
 * @param suspect the culprit of the span's trace as computed by the caller, or null when unknown
 */
public record Exemplar(String traceId, String spanId, long durationNanos, boolean error, Culprit suspect) {

    /**
     * Worst first: errored before non-errored, then longest first; ids break ties so that the order,
     * and thus the exemplars kept, never depend on the order spans arrived in.
     */
    public static final Comparator<Exemplar> WORST_FIRST = Comparator
            .comparing(Exemplar::error).reversed()
            .thenComparing(Comparator.comparingLong(Exemplar::durationNanos).reversed())
            .thenComparing(Exemplar::traceId)
            .thenComparing(Exemplar::spanId);

    public Exemplar {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
    }
}
