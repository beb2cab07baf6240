package io.tracepipe.anomaly.eval;

import io.tracepipe.anomaly.rules.BaselineMetric;
import io.tracepipe.anomaly.rules.Condition;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Percentile;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.stats.Exemplar;
import io.tracepipe.anomaly.stats.WindowStats;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Checks one closed window of one rule and group key against the rule's condition, and says what
 * it found in a {@link Verdict}. Stateless: the baseline a window is judged against is passed in,
 * and {@link BaselineLearner} computes the next one.
 */
public final class Evaluator {

    private final Explainer explainer = new Explainer();

    /** The verdict of a window, with no learned normal profile; see the full form. */
    public Verdict evaluate(Rule rule, GroupKey key, long windowStartMs, long windowEndMs, WindowStats stats,
            BaselineState baseline) {
        return evaluate(rule, key, windowStartMs, windowEndMs, stats, baseline, null);
    }

    /**
     * The verdict of a window.
     *
     * @param stats the window's statistics; null or empty when no span matched
     * @param baseline what the rule's baseline learned so far; null when nothing (or not a baseline rule)
     * @param normal where the bad spans' time goes in normal windows of this group (latency rules); null when unknown
     */
    public Verdict evaluate(Rule rule, GroupKey key, long windowStartMs, long windowEndMs, WindowStats stats,
            BaselineState baseline, NormalProfile normal) {
        WindowStats window = stats == null ? new WindowStats(rule.exemplarRanking()) : stats;
        Judgement judgement = judge(rule, window, baseline == null ? BaselineState.initial() : baseline);
        Explanation explanation = explainer.explain(window, normal, rule.explanationKeys());
        Culprit culprit = explanation == null ? null : explanation.culprit();
        return new Verdict(rule.name(), rule.severity().label(), key.labels(), judgement.outcome, judgement.observed,
                judgement.threshold, judgement.baseline, judgement.summary, window.summary(), windowStartMs,
                windowEndMs, traceIds(explanation, window.exemplars()), culprit, explanation);
    }

    private record Judgement(Outcome outcome, double observed, double threshold, BaselineSnapshot baseline,
            String summary) {}

    private static Judgement judge(Rule rule, WindowStats w, BaselineState learned) {
        String over = " over " + Readable.duration(rule.windowSize());
        boolean enough = w.count() >= rule.minCount();
        String tooFew = "only " + w.count() + " span" + (w.count() == 1 ? "" : "s") + over
                + ", fewer than min_count " + rule.minCount();
        Condition condition = rule.condition();
        if (condition instanceof Condition.ErrorRate c) {
            return judgeErrorRate(c, w, enough, over, tooFew);
        }
        if (condition instanceof Condition.Latency c) {
            return judgeLatency(c, w, enough, over, tooFew);
        }
        if (condition instanceof Condition.SlowSpans c) {
            return judgeSlowSpans(c, w, enough, over, tooFew);
        }
        if (condition instanceof Condition.Instrumentation c) {
            double rate = w.count() == 0 ? 0 : (double) w.bad() / w.count();
            Outcome outcome = outcome(enough, rate > c.above());
            return new Judgement(outcome, rate, c.above(), null, !enough ? tooFew
                    : c.metric().label() + " " + Readable.percent(rate) + compare(outcome) + Readable.percent(c.above()) + over
                            + " (" + w.bad() + "/" + w.count() + " spans)");
        }
        if (condition instanceof Condition.AttributeCardinality c) {
            long distinct = w.distinctValues();
            Outcome outcome = outcome(enough, distinct > c.above());
            return new Judgement(outcome, distinct, c.above(), null, !enough ? tooFew
                    : "distinct " + c.key() + " values ~" + distinct + compare(outcome) + c.above() + over);
        }
        return judgeBaseline((Condition.Baseline) condition, w, learned, enough, over, tooFew);
    }

    private static Judgement judgeErrorRate(Condition.ErrorRate c, WindowStats w, boolean enough, String over,
            String tooFew) {
        double rate = errorRate(w);
        Outcome outcome = outcome(enough, rate > c.above());
        return new Judgement(outcome, rate, c.above(), null, !enough ? tooFew
                : "error rate " + Readable.percent(rate) + compare(outcome) + Readable.percent(c.above()) + over
                        + " (" + w.errors() + "/" + w.count() + " spans)");
    }

    private static Judgement judgeLatency(Condition.Latency c, WindowStats w, boolean enough, String over,
            String tooFew) {
        double latency = w.quantileSeconds(c.percentile().quantile());
        double bound = seconds(c.above());
        Outcome outcome = outcome(enough, latency > bound);
        return new Judgement(outcome, latency, bound, null, !enough ? tooFew
                : c.percentile().label() + " latency " + Readable.seconds(latency) + compare(outcome)
                        + Readable.seconds(bound) + over);
    }

    private static Judgement judgeSlowSpans(Condition.SlowSpans c, WindowStats w, boolean enough, String over,
            String tooFew) {
        boolean byCount = c.mode() == Condition.SlowSpans.Mode.COUNT;
        double observed = byCount ? w.slow() : w.count() == 0 ? 0 : (double) w.slow() / w.count();
        Outcome outcome = outcome(enough, observed > c.limit());
        String shown = byCount ? Long.toString(w.slow()) : Readable.percent(observed);
        String limit = byCount ? Long.toString((long) c.limit()) : Readable.percent(c.limit());
        return new Judgement(outcome, observed, c.limit(), null, !enough ? tooFew
                : "slow spans " + shown + compare(outcome) + limit + over + " (" + w.slow() + "/" + w.count()
                        + " spans above " + Readable.duration(c.above()) + ")");
    }

    private static Judgement judgeBaseline(Condition.Baseline c, WindowStats w, BaselineState learned, boolean enough,
            String over, String tooFew) {
        boolean latency = c.metric() == BaselineMetric.P95_LATENCY;
        double observed = latency ? w.quantileSeconds(Percentile.P95.quantile()) : errorRate(w);
        BaselineSnapshot snapshot = learned.snapshot(c.sensitivity(), c.minDelta());
        String metric = latency ? "p95 latency " + Readable.seconds(observed) : "error rate " + Readable.percent(observed);
        String counts = latency ? "" : " (" + w.errors() + "/" + w.count() + " spans)";
        if (!enough) {
            return new Judgement(Outcome.INSUFFICIENT_DATA, observed, snapshot.upperBound(), snapshot, tooFew);
        }
        if (learned.windowsLearned() < c.warmup()) {
            return new Judgement(Outcome.INSUFFICIENT_DATA, observed, snapshot.upperBound(), snapshot,
                    metric + "; baseline still learning (" + learned.windowsLearned() + " of " + c.warmup()
                            + " windows)" + over + counts);
        }
        Outcome outcome = observed > snapshot.upperBound() ? Outcome.BREACH : Outcome.CLEAR;
        String value = latency ? Readable.seconds(snapshot.upperBound()) : Readable.percent(snapshot.upperBound());
        String centre = latency
                ? Readable.seconds(snapshot.mean()) + " ± " + Readable.seconds(snapshot.deviation())
                : Readable.percent(snapshot.mean()) + " ± " + Readable.percent(snapshot.deviation());
        return new Judgement(outcome, observed, snapshot.upperBound(), snapshot,
                metric + compare(outcome) + "baseline " + value + " (mean " + centre + ")" + over + counts);
    }

    private static Outcome outcome(boolean enough, boolean breached) {
        return !enough ? Outcome.INSUFFICIENT_DATA : breached ? Outcome.BREACH : Outcome.CLEAR;
    }

    private static String compare(Outcome outcome) {
        return outcome == Outcome.BREACH ? " > " : " <= ";
    }

    private static double errorRate(WindowStats w) {
        return w.count() == 0 ? 0 : (double) w.errors() / w.count();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** The culprit's proof first, so that the first trace an alert links to shows the culprit; then the worst. */
    private static List<String> traceIds(Explanation explanation, List<Exemplar> exemplars) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        if (explanation != null && !explanation.suspects().isEmpty() && explanation.suspects().get(0).exemplar() != null) {
            ids.add(explanation.suspects().get(0).exemplar());
        }
        exemplars.forEach(e -> ids.add(e.traceId()));
        return List.copyOf(ids);
    }
}
