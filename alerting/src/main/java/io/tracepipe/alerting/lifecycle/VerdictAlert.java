package io.tracepipe.alerting.lifecycle;

import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.alerting.Fingerprint;
import io.tracepipe.anomaly.eval.BaselineSnapshot;
import io.tracepipe.anomaly.eval.Culprit;
import io.tracepipe.anomaly.eval.Explanation;
import io.tracepipe.anomaly.eval.Verdict;
import io.tracepipe.anomaly.eval.WindowSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a verdict into the alert record that announces it. */
final class VerdictAlert {

    static final String SUMMARY = "summary";

    private VerdictAlert() {}

    static Alert of(AlertStatus status, Verdict verdict, RuleDecoration decoration, Instant startsAt, Instant endsAt) {
        // Group labels win over a rule label of the same name: they are the alert's identity,
        // and the fingerprint is computed from them.
        Map<String, String> labels = new LinkedHashMap<>(decoration.labels());
        labels.putAll(verdict.groupLabels());

        // The verdict's summary is computed from this window; a static one from the rule could only be staler.
        Map<String, String> annotations = new LinkedHashMap<>();
        if (verdict.summary() != null) {
            annotations.put(SUMMARY, verdict.summary());
        }
        decoration.annotations().forEach(annotations::putIfAbsent);

        WindowSummary stats = verdict.stats();
        Alert.Observed observed = stats == null
                ? new Alert.Observed(verdict.observed(), 0, 0, Double.NaN, Double.NaN, Double.NaN)
                : new Alert.Observed(verdict.observed(), stats.count(), stats.errors(),
                        stats.p50Seconds(), stats.p95Seconds(), stats.p99Seconds());

        BaselineSnapshot baseline = verdict.baseline();
        // A resolving window is healthy: its slowest traces and their critical paths prove nothing
        // about the incident, so a resolved alert names no culprit, no explanation and no exemplars.
        boolean firing = status == AlertStatus.FIRING;
        Culprit culprit = firing ? verdict.culprit() : null;
        Explanation explanation = firing ? verdict.explanation() : null;
        return new Alert(
                Fingerprint.of(verdict.rule(), verdict.groupLabels()),
                status,
                verdict.rule(),
                verdict.severity(),
                labels,
                annotations,
                observed,
                verdict.threshold(),
                baseline == null ? null : new Alert.Baseline(
                        baseline.mean(), baseline.deviation(), baseline.upperBound(), baseline.windowsSeen()),
                new Alert.Window(Instant.ofEpochMilli(verdict.windowStartMs()), Instant.ofEpochMilli(verdict.windowEndMs())),
                firing ? verdict.exemplarTraceIds() : List.of(),
                culprit == null ? null : new Alert.Culprit(culprit.service(), culprit.operation(), culprit.share()),
                explanation == null ? null : explanation(explanation),
                startsAt,
                endsAt);
    }

    private static Alert.Explanation explanation(Explanation e) {
        return new Alert.Explanation(
                e.kind() == Explanation.Kind.LATENCY ? Alert.Explanation.LATENCY : Alert.Explanation.ERRORS,
                e.badSpans(),
                e.suspects().stream().map(s -> new Alert.Suspect(s.service(), s.operation(), s.share(), s.count(),
                        s.normalShare(), s.exemplar())).toList(),
                e.attributes().stream().map(a -> new Alert.AttributeContrast(a.key(), a.value(), a.badShare(), a.goodShare()))
                        .toList(),
                e.cappedValues());
    }
}
