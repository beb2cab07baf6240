package io.tracepipe.alerting;

import io.tracepipe.anomaly.eval.Culprit;
import io.tracepipe.anomaly.eval.Explanation;
import io.tracepipe.anomaly.eval.Outcome;
import io.tracepipe.anomaly.eval.Verdict;
import io.tracepipe.anomaly.eval.WindowSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alerts and verdicts for tests: one rule over one payment endpoint, one-minute windows from {@link #T0}. */
public final class TestAlerts {

    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    public static final String RULE = "checkout-latency";
    public static final Map<String, String> GROUP = Map.of("service", "payment", "operation", "POST /charge");

    private TestAlerts() {}

    /** The instant {@code minute} minutes after {@link #T0}. */
    public static Instant at(long minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    /** A trace id that names the window it was seen in, so tests can tell fresh exemplars from stale ones. */
    public static String traceId(long minute) {
        return String.format("%032x", 0x4bf92f3577b34da6L + minute);
    }

    /** The verdict for the one-minute window that ends {@code minute} minutes after {@link #T0}. */
    public static Verdict verdict(Outcome outcome, long minute) {
        boolean breach = outcome == Outcome.BREACH;
        double p99 = breach ? 3.2 : 0.4;
        return new Verdict(
                RULE,
                "critical",
                GROUP,
                outcome,
                p99,
                1.0,
                null,
                String.format(java.util.Locale.ROOT, "p99 latency %.1f s %s 1 s over 1m", p99, breach ? ">" : "<="),
                new WindowSummary(812, 3, 40, 0.12, 0.9, p99, 4.1),
                at(minute - 1).toEpochMilli(),
                at(minute).toEpochMilli(),
                List.of(traceId(minute), traceId(minute + 1000)),
                breach ? new Culprit("payment", "POST /charge", 0.83) : null,
                explanation(minute));
    }

    /** A latency explanation: the charge grew from 20 % of the slow time to 83 %, mostly on one pod. */
    public static Explanation explanation(long minute) {
        return new Explanation(Explanation.Kind.LATENCY, 40,
                List.of(new Explanation.Suspect("payment", "POST /charge", 0.83, 38, 0.2, traceId(minute)),
                        new Explanation.Suspect("payment", "authorize card", 0.1, 12, 0.05, traceId(minute + 2000))),
                List.of(new Explanation.Attribute("k8s.pod.name", "payment-7d4b9-x2x9q", 0.9, 0.48)),
                0);
    }

    /** A firing alert with every optional part present. */
    public static Alert firing() {
        return new Alert(
                Fingerprint.of(RULE, GROUP),
                AlertStatus.FIRING,
                RULE,
                "critical",
                Map.of("service", "payment", "operation", "POST /charge", "team", "payments"),
                Map.of("summary", "p99 latency 3.2 s > 1 s over 1m"),
                new Alert.Observed(3.2, 812, 3, 0.12, 0.9, 3.2),
                1.0,
                new Alert.Baseline(0.8, 0.1, 1.1, 42),
                new Alert.Window(at(4), at(5)),
                List.of(traceId(5), traceId(6)),
                new Alert.Culprit("payment", "POST /charge", 0.83),
                new Alert.Explanation(Alert.Explanation.LATENCY, 40,
                        List.of(new Alert.Suspect("payment", "POST /charge", 0.83, 38, 0.2, traceId(5)),
                                new Alert.Suspect("payment", "authorize card", 0.1, 12, Double.NaN, null)),
                        List.of(new Alert.AttributeContrast("k8s.pod.name", "payment-7d4b9-x2x9q", 0.9, 0.48),
                                new Alert.AttributeContrast("http.response.status_code", "504", 0.2, 0.0)),
                        3),
                at(2),
                null);
    }

    /** The resolved record of {@link #firing()}, with no baseline, culprit or exemplars. */
    public static Alert resolved() {
        Alert firing = firing();
        return new Alert(
                firing.fingerprint(),
                AlertStatus.RESOLVED,
                firing.rule(),
                firing.severity(),
                firing.labels(),
                Map.of("summary", "p99 latency 0.4 s <= 1 s over 1m"),
                new Alert.Observed(0.4, 0, 0, Double.NaN, Double.NaN, Double.NaN),
                1.0,
                null,
                new Alert.Window(at(9), at(10)),
                List.of(),
                null,
                null,
                firing.startsAt(),
                at(8));
    }
}
