package io.tracepipe.anomaly.eval;

import java.util.List;
import java.util.Map;

/**
 * The outcome of checking one rule for one group key over one closed window: everything an
 * alert needs to say what broke, by how much, and which traces prove it.
 *
 * @param groupLabels the group key as labels, e.g. {@code service=payment, operation=POST /charge}
 * @param observed the value the condition looked at (a fraction for error rates, seconds for latencies, a count or fraction for slow spans)
 * @param threshold the bound it was compared with (for a baseline condition: the learned upper bound)
 * @param summary one human line, e.g. {@code p99 latency 3.2 s > 1 s over 1m}
 * @param exemplarTraceIds traces that prove the verdict, lowercase hex: one that shows the culprit
 *     first (when there is one), then the worst matching traces of the window (errored first, then slowest)
 * @param culprit the likeliest service/operation at fault, from all the bad spans of the window; null when unknown
 * @param explanation what the window's bad spans have in common; null when it had none
 */
public record Verdict(
        String rule,
        String severity,
        Map<String, String> groupLabels,
        Outcome outcome,
        double observed,
        double threshold,
        BaselineSnapshot baseline,
        String summary,
        WindowSummary stats,
        long windowStartMs,
        long windowEndMs,
        List<String> exemplarTraceIds,
        Culprit culprit,
        Explanation explanation) {

    public Verdict {
        groupLabels = Map.copyOf(groupLabels);
        exemplarTraceIds = List.copyOf(exemplarTraceIds);
    }
}
