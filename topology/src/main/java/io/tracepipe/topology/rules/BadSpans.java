package io.tracepipe.topology.rules;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.stats.ExemplarRanking;
import io.tracepipe.anomaly.stats.TailCut;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides, as spans come, which are bad for a rule, i.e. what its explanation explains: failed
 * spans for error conditions; spans beyond the bound of a {@code latency} or {@code slow_spans}
 * condition; for a baseline on latency, spans in the group's tail as this task saw it in the
 * previous window advance ({@link TailCut}). The tails are kept in memory, one per rule and
 * admitted group key.
 */
final class BadSpans {
    private record Series(String rule, GroupKey key) {}

    private record Tail(TailCut cut, long advanceMs) {}

    private final Map<Series, Tail> tails = new HashMap<>();

    boolean isBad(Rule rule, GroupKey key, SpanView span) {
        if (rule.exemplarRanking() == ExemplarRanking.ERRORS_FIRST) {
            return span.isError();
        }
        long bound = rule.condition().badLatencyNanos();
        if (bound >= 0) {
            return span.durationNanos() > bound;
        }
        long advanceMs = rule.windowAdvance().toMillis();
        Tail tail = tails.computeIfAbsent(new Series(rule.name(), key), s -> new Tail(new TailCut(), advanceMs));
        long cut = tail.cut().observe(Math.floorDiv(span.endNanos() / 1_000_000, advanceMs), span.durationNanos());
        return cut >= 0 && span.durationNanos() > cut;
    }

    /** Forgets the tails of groups that saw no span since {@code epochMs}. */
    void forgetBefore(long epochMs) {
        tails.values().removeIf(t -> (t.cut().period() + 1) * t.advanceMs() < epochMs);
    }
}
