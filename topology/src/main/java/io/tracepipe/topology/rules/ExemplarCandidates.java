package io.tracepipe.topology.rules;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.stats.Exemplar;
import io.tracepipe.anomaly.stats.WindowStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells whether a span is among the worst this task has seen for its rule, group key and window —
 * the only spans that can become an alert's exemplars — so that sampling can keep their traces.
 * An alert's exemplars are the worst of the merged window, hence among the worst of some task's
 * share of it. Kept in memory: after a restart the lists start empty, which only keeps more.
 */
final class ExemplarCandidates {
    private record Series(String rule, GroupKey key, long windowStartMs) {}

    private final Map<Series, List<Exemplar>> worst = new HashMap<>();

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

    /** Forgets windows that started before {@code windowStartMs}: they are judged by now. */
    void forgetBefore(long windowStartMs) {
        worst.keySet().removeIf(s -> s.windowStartMs() < windowStartMs);
    }
}
