package io.tracepipe.anomaly.eval;

import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.stats.ExemplarRanking;
import io.tracepipe.anomaly.stats.HeavyHitters;
import io.tracepipe.anomaly.stats.WindowStats;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides what each evaluated window of a latency rule teaches its {@link NormalProfile}: windows
 * that did not breach, with at least {@code min_count} spans and some bad spans, move the shares
 * by {@link #WEIGHT}; breaching windows teach nothing, so that an incident never becomes the
 * normal it is compared with.
 */
public final class ProfileLearner {

    /** The weight of each normal window in the moving averages: about the last ten windows count. */
    public static final double WEIGHT = 0.2;

    /**
     * The profile to store after {@code verdict}, which was given for {@code stats} (null when no
     * span came); {@code previous} when the window teaches nothing; null when the rule's condition
     * is not about latency.
     */
    public NormalProfile learn(Rule rule, NormalProfile previous, Verdict verdict, WindowStats stats) {
        if (rule.exemplarRanking() != ExemplarRanking.SLOWEST_FIRST) {
            return null;
        }
        if (stats == null || verdict.outcome() == Outcome.BREACH || verdict.stats().count() < rule.minCount()) {
            return previous;
        }
        HeavyHitters causes = stats.causes();
        if (causes.total() == 0) {
            return previous;
        }
        Map<String, Double> shares = new HashMap<>();
        for (HeavyHitters.Counter counter : causes.counters()) {
            shares.put(counter.key(), (double) counter.weight() / causes.total());
        }
        return NormalProfile.updated(previous, shares, WEIGHT);
    }
}
