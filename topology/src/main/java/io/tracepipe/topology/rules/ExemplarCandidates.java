package io.tracepipe.topology.rules;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.stats.Exemplar;
import io.tracepipe.anomaly.stats.HeavyHitters;
import io.tracepipe.anomaly.stats.WindowStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells whether a span may become one of an alert's exemplars, so that sampling can keep its
 * trace: whether it is among the worst this task has seen for its rule, group key and window, or
 * the best example so far of one of the operations its badness comes from (the culprit's proof).
 * An alert's exemplars are the worst of the merged window, hence among the worst of some task's
 * share of it; the culprit's example is the best of the merged window, hence the best of some
 * task's share. Kept in memory: after a restart the lists start empty, which only keeps more.
 */
final class ExemplarCandidates {
    private record Series(String rule, GroupKey key, long windowStartMs) {}

    private final Map<Series, List<Exemplar>> worst = new HashMap<>();
    private final Map<Series, Map<String, HeavyHitters.Example>> examples = new HashMap<>();

    /** Records the span and says whether it ranks among the window's worst so far. */
    boolean offer(Rule rule, GroupKey key, long windowStartMs, SpanView span) {
        List<Exemplar> list = worst.computeIfAbsent(new Series(rule.name(), key, windowStartMs), s -> new ArrayList<>());
        var order = rule.exemplarRanking().worstFirst();
        Exemplar candidate = new Exemplar(span.traceId(), span.spanId(), span.durationNanos(), span.isError(), null);
        if (list.size() == WindowStats.MAX_EXEMPLARS && order.compare(candidate, list.get(list.size() - 1)) >= 0) {
            return false;
        }
        int at = 0;
        while (at < list.size() && order.compare(list.get(at), candidate) < 0) {
            at++;
        }
        list.add(at, candidate);
        if (list.size() > WindowStats.MAX_EXEMPLARS) {
            list.remove(list.size() - 1);
        }
        return true;
    }

    /**
     * Records a bad span's example for one of its causes and says whether it is the best so far for
     * that cause. Beyond {@link WindowStats#CAUSE_CAPACITY} causes per window a cause is not tracked
     * and its examples always count (the window's summary keeps no more causes than that anyway).
     */
    boolean offerExample(Rule rule, GroupKey key, long windowStartMs, String cause, HeavyHitters.Example example) {
        Map<String, HeavyHitters.Example> best = examples.computeIfAbsent(new Series(rule.name(), key, windowStartMs), s -> new HashMap<>());
        HeavyHitters.Example current = best.get(cause);
        if (current == null && best.size() >= WindowStats.CAUSE_CAPACITY) {
            return true;
        }
        if (current != null && HeavyHitters.Example.BEST_FIRST.compare(example, current) >= 0) {
            return false;
        }
        best.put(cause, example);
        return true;
    }

    /** Forgets windows that started before {@code windowStartMs}: they are judged by now. */
    void forgetBefore(long windowStartMs) {
        worst.keySet().removeIf(s -> s.windowStartMs() < windowStartMs);
        examples.keySet().removeIf(s -> s.windowStartMs() < windowStartMs);
    }
}
