package io.tracepipe.anomaly.eval;

import io.tracepipe.anomaly.rules.BaselineMetric;
import io.tracepipe.anomaly.rules.Condition;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Percentile;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.stats.Exemplar;
import io.tracepipe.anomaly.stats.ExemplarRanking;
import io.tracepipe.anomaly.stats.WindowStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Checks one closed window of one rule and group key against the rule's condition, and says what
 * it found in a {@link Verdict}. Stateless: the baseline a window is judged against is passed in,
 * and {@link BaselineLearner} computes the next one.
 */
public final class Evaluator {

    /**
     * The verdict of a window.
     *
     * @param stats the window's statistics; null or empty when no span matched
     * @param baseline what the rule's baseline learned so far; null when nothing (or not a baseline rule)
     */
    public Verdict evaluate(Rule rule, GroupKey key, long windowStartMs, long windowEndMs, WindowStats stats,
            BaselineState baseline) {
        WindowStats window = stats == null ? new WindowStats() : stats;
        Judgement judgement = judge(rule, window, baseline == null ? BaselineState.initial() : baseline);
        List<Exemplar> exemplars = window.exemplars();
        return new Verdict(rule.name(), rule.severity().label(), key.labels(), judgement.outcome, judgement.observed,
                judgement.threshold, judgement.baseline, judgement.summary, window.summary(), windowStartMs,
                windowEndMs, traceIds(exemplars), culprit(rule, exemplars));
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

    private static List<String> traceIds(List<Exemplar> exemplars) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        exemplars.forEach(e -> ids.add(e.traceId()));
        return List.copyOf(ids);
    }

    /**
     * The (service, operation) with the largest summed share over the exemplars' suspects, with that
     * sum divided by the number of exemplars that have a suspect; ties go to the worse exemplar.
     */
    /**
     * The (service, operation) with the largest weighted share of the exemplars' suspects. For
     * latency the weight is the exemplar's duration, so the slowest evidence counts most: a window
     * where a fault began holds a few slow traces and many normal ones, and the normal ones must not
     * outvote the slow ones. For errors every failing trace counts the same.
     */
    private static Culprit culprit(Rule rule, List<Exemplar> exemplars) {
        boolean byDuration = rule.exemplarRanking() == ExemplarRanking.SLOWEST_FIRST;
        Map<List<String>, Double> shares = new LinkedHashMap<>();
        double totalWeight = 0;
        for (Exemplar e : exemplars) {
            if (e.suspect() != null) {
                double weight = byDuration ? Math.max(1, e.durationNanos()) : 1;
                totalWeight += weight;
                shares.merge(List.of(e.suspect().service(), e.suspect().operation()), e.suspect().share() * weight, Double::sum);
            }
        }
        Map.Entry<List<String>, Double> best = null;
        for (Map.Entry<List<String>, Double> entry : shares.entrySet()) {
            if (best == null || entry.getValue() > best.getValue()) {
                best = entry;
            }
        }
        return best == null ? null : new Culprit(best.getKey().get(0), best.getKey().get(1), best.getValue() / totalWeight);
    }
}
