package io.tracepipe.anomaly.eval;

import io.tracepipe.anomaly.stats.AttributeContrast;
import io.tracepipe.anomaly.stats.ExemplarRanking;
import io.tracepipe.anomaly.stats.HeavyHitters;
import io.tracepipe.anomaly.stats.SpanCauses;
import io.tracepipe.anomaly.stats.WindowStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Explains a window from all of its bad spans (see {@link Explanation}).
 *
 * <ul>
 *   <li>Errors: the suspects are the operations where the bad spans' failures started, by count;
 *       a share is that count over all bad spans counted.
 *   <li>Latency: each operation's share of the bad spans' critical-path time is compared with its
 *       share in normal windows of the same group ({@link NormalProfile}); the suspects are the
 *       operations whose share grew the most (by at least {@link #MIN_GROWTH}), so an operation
 *       that is always slow does not explain a slowdown that came from elsewhere. Without a learned
 *       profile, or when nothing grew that much, the largest shares.
 *   <li>Attributes: the values most over-represented among the bad spans against the good ones.
 * </ul>
 */
public final class Explainer {

    /** Suspects per explanation. */
    public static final int SUSPECTS = 3;
    /** Attribute values per explanation. */
    public static final int ATTRIBUTES = 5;
    /**
     * The least growth of a share (0.05 = five points of the bad spans' time) that counts: below it
     * the window's bad time is made like a normal window's, and the suspects are what it is made of.
     */
    static final double MIN_GROWTH = 0.05;

    private record Candidate(HeavyHitters.Counter counter, double share, double normalShare) {
        double growth() {
            return share - (Double.isNaN(normalShare) ? 0 : normalShare);
        }
    }

    private static final Comparator<Candidate> LARGEST_SHARE_FIRST = Comparator.comparingDouble(Candidate::share).reversed()
            .thenComparing(c -> c.counter().key());

    private static final Comparator<Candidate> MOST_GROWN_FIRST = Comparator.comparingDouble(Candidate::growth).reversed()
            .thenComparing(Comparator.comparingDouble(Candidate::share).reversed())
            .thenComparing(c -> c.counter().key());

    /**
     * The explanation of the window; null when it had no bad span.
     *
     * @param attributeKeys the rule's attribute keys, in its order of preference
     */
    public Explanation explain(WindowStats stats, NormalProfile normal, List<String> attributeKeys) {
        if (stats == null || stats.bad() == 0) {
            return null;
        }
        boolean latency = stats.ranking() == ExemplarRanking.SLOWEST_FIRST;
        HeavyHitters causes = stats.causes();
        List<Candidate> candidates = new ArrayList<>();
        for (HeavyHitters.Counter counter : causes.counters()) {
            double share = causes.total() == 0 ? 0 : (double) counter.weight() / causes.total();
            double normalShare = latency && normal != null ? normal.share(counter.key()) : Double.NaN;
            candidates.add(new Candidate(counter, share, normalShare));
        }
        candidates.sort(LARGEST_SHARE_FIRST);
        boolean somethingGrew = latency && normal != null && candidates.stream().anyMatch(c -> c.growth() >= MIN_GROWTH);
        if (somethingGrew) {
            // what grew is suspect; what stayed as it was, or shrank, is not
            candidates.removeIf(c -> c.growth() < MIN_GROWTH);
            candidates.sort(MOST_GROWN_FIRST);
        }
        HeavyHitters causeSpans = latency ? stats.causeSpans() : null;
        List<Explanation.Suspect> suspects = new ArrayList<>();
        for (Candidate c : candidates.subList(0, Math.min(SUSPECTS, candidates.size()))) {
            String key = c.counter().key();
            long count = latency ? causeSpans.weight(key) : c.counter().weight();
            HeavyHitters.Example example = c.counter().example();
            suspects.add(new Explanation.Suspect(SpanCauses.serviceOf(key), SpanCauses.operationOf(key), c.share(), count,
                    c.normalShare(), example == null ? null : example.traceId()));
        }
        AttributeContrast attributes = stats.attributes();
        return new Explanation(latency ? Explanation.Kind.LATENCY : Explanation.Kind.ERRORS, stats.bad(), suspects,
                attributes.mostOverRepresented(ATTRIBUTES, attributeKeys), attributes.capped());
    }
}
