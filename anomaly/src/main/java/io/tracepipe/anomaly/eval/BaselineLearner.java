package io.tracepipe.anomaly.eval;

import io.tracepipe.anomaly.rules.Condition;
import io.tracepipe.anomaly.rules.Rule;

/**
 * Decides what each evaluated window teaches a baseline.
 *
 * <ul>
 *   <li>Windows with fewer than {@code min_count} spans teach nothing: their metric is noise.
 *   <li>Clear windows, and the windows of the warm-up, teach with the rule's {@code alpha}.
 *   <li>Breaching windows move only the mean, with a tenth of {@code alpha}, and leave the deviation
 *       alone. An incident therefore neither becomes the new normal nor widens the band that
 *       detects it, while a lasting level shift (a release that is legitimately slower) is absorbed
 *       over a few hundred windows instead of firing forever.
 * </ul>
 */
public final class BaselineLearner {

    /** How much less than a clear window a breaching window teaches. */
    public static final double BREACH_WEIGHT = 0.1;

    /**
     * The state to store after {@code verdict}, which {@link Evaluator} gave for {@code rule} with
     * {@code previous} (null when nothing was learned yet); null when the rule has no baseline.
     */
    public BaselineState learn(Rule rule, BaselineState previous, Verdict verdict) {
        if (!(rule.condition() instanceof Condition.Baseline baseline)) {
            return null;
        }
        BaselineState state = previous == null ? BaselineState.initial() : previous;
        if (verdict.stats().count() < rule.minCount()) {
            return state;
        }
        if (verdict.outcome() == Outcome.BREACH) {
            return state.meanNudged(verdict.observed(), baseline.alpha() * BREACH_WEIGHT);
        }
        return state.updated(verdict.observed(), baseline.alpha());
    }
}
