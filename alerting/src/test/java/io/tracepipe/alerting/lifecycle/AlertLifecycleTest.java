package io.tracepipe.alerting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.alerting.TestAlerts;
import io.tracepipe.anomaly.eval.BaselineSnapshot;
import io.tracepipe.anomaly.eval.Outcome;
import io.tracepipe.anomaly.eval.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

    private static final LifecycleSettings FIRE_AT_ONCE = new LifecycleSettings(1, 1, Duration.ZERO);

    @Test
    void firingAlertCarriesTheVerdictsEvidence() {
        Verdict verdict = TestAlerts.verdict(Outcome.BREACH, 5);
        RuleDecoration decoration = new RuleDecoration(
                Map.of("team", "payments", "service", "not-the-group"),
                Map.of("runbook_url", "https://runbooks.example/x", "summary", "static text"));

        Alert alert = AlertLifecycle.step(null, verdict, decoration, FIRE_AT_ONCE, TestAlerts.at(5)).alert().orElseThrow();

        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.rule()).isEqualTo("checkout-latency");
        assertThat(alert.severity()).isEqualTo("critical");
        assertThat(alert.labels()).as("group labels win over rule labels").containsExactlyInAnyOrderEntriesOf(
                Map.of("service", "payment", "operation", "POST /charge", "team", "payments"));
        assertThat(alert.annotations().keySet()).as("summary first").containsExactly("summary", "runbook_url");
        assertThat(alert.annotations().get("summary")).isEqualTo("p99 latency 3.2 s > 1 s over 1m");
        assertThat(alert.observed()).isEqualTo(new Alert.Observed(3.2, 812, 3, 0.12, 0.9, 3.2));
        assertThat(alert.threshold()).isEqualTo(1.0);
        assertThat(alert.baseline()).isNull();
        assertThat(alert.window()).isEqualTo(new Alert.Window(TestAlerts.at(4), TestAlerts.at(5)));
        assertThat(alert.exemplars()).containsExactly(TestAlerts.traceId(5), TestAlerts.traceId(1005));
        assertThat(alert.culprit()).isEqualTo(new Alert.Culprit("payment", "POST /charge", 0.83));
        assertThat(alert.explanation().kind()).isEqualTo(Alert.Explanation.LATENCY);
        assertThat(alert.explanation().badSpans()).isEqualTo(40);
        assertThat(alert.explanation().suspects()).first()
                .isEqualTo(new Alert.Suspect("payment", "POST /charge", 0.83, 38, 0.2, TestAlerts.traceId(5)));
        assertThat(alert.explanation().attributes())
                .containsExactly(new Alert.AttributeContrast("k8s.pod.name", "payment-7d4b9-x2x9q", 0.9, 0.48));
        assertThat(alert.startsAt()).isEqualTo(TestAlerts.at(4));
        assertThat(alert.endsAt()).isNull();
    }

    @Test
    void baselineAndMissingStatisticsAreCarriedOver() {
        Verdict base = TestAlerts.verdict(Outcome.BREACH, 5);
        Verdict verdict = new Verdict(base.rule(), base.severity(), base.groupLabels(), base.outcome(), 7.5, 2.0,
                new BaselineSnapshot(1.0, 0.25, 2.0, 60), "errors 7.5% above baseline 2%", null,
                base.windowStartMs(), base.windowEndMs(), List.of(), null, null);

        Alert alert = AlertLifecycle.step(null, verdict, FIRE_AT_ONCE, TestAlerts.at(5)).alert().orElseThrow();

        assertThat(alert.baseline()).isEqualTo(new Alert.Baseline(1.0, 0.25, 2.0, 60));
        assertThat(alert.observed().value()).isEqualTo(7.5);
        assertThat(alert.observed().count()).isZero();
        assertThat(alert.observed().p99()).isNaN();
        assertThat(alert.culprit()).isNull();
        assertThat(alert.exemplars()).isEmpty();
    }

    @Test
    void neverSeenIsTheInitialState() {
        Verdict verdict = TestAlerts.verdict(Outcome.BREACH, 1);
        LifecycleSettings settings = new LifecycleSettings(2, 1, Duration.ZERO);
        assertThat(AlertLifecycle.step(null, verdict, settings, TestAlerts.at(1)))
                .isEqualTo(AlertLifecycle.step(AlertState.initial(), verdict, settings, TestAlerts.at(1)));
    }

    @Test
    void resolvedAlertKeepsFingerprintAndStartsAt() {
        Transition fired = AlertLifecycle.step(null, TestAlerts.verdict(Outcome.BREACH, 1), FIRE_AT_ONCE, TestAlerts.at(1));
        Transition resolved = AlertLifecycle.step(
                fired.state(), TestAlerts.verdict(Outcome.CLEAR, 2), FIRE_AT_ONCE, TestAlerts.at(2));

        Alert firing = fired.alert().orElseThrow();
        Alert end = resolved.alert().orElseThrow();
        assertThat(end.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(end.fingerprint()).isEqualTo(firing.fingerprint());
        assertThat(end.startsAt()).isEqualTo(firing.startsAt());
        assertThat(end.endsAt()).isEqualTo(TestAlerts.at(1));
        assertThat(end.culprit()).as("the clear window's own evidence").isNull();
        assertThat(end.explanation()).as("the clear window's own explanation").isNull();
        assertThat(end.exemplars()).isEmpty();
    }

    @Test
    void reNotificationIsPacedByTheClockNotByWindows() {
        LifecycleSettings settings = new LifecycleSettings(1, 1, Duration.ofMinutes(10));
        AlertState state = AlertLifecycle.step(null, TestAlerts.verdict(Outcome.BREACH, 1), settings, TestAlerts.at(1)).state();

        // Catching up on a backlog: many windows processed within one wall-clock minute.
        for (int minute = 2; minute <= 30; minute++) {
            Transition next = AlertLifecycle.step(state, TestAlerts.verdict(Outcome.BREACH, minute), settings, TestAlerts.at(2));
            assertThat(next.alert()).as("minute " + minute).isEmpty();
            state = next.state();
        }
        Transition late = AlertLifecycle.step(state, TestAlerts.verdict(Outcome.BREACH, 31), settings, TestAlerts.at(11));
        assertThat(late.alert()).map(Alert::exemplars).hasValue(List.of(TestAlerts.traceId(31), TestAlerts.traceId(1031)));
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> new LifecycleSettings(0, 1, Duration.ZERO)).hasMessageContaining("forWindows");
        assertThatThrownBy(() -> new LifecycleSettings(1, 0, Duration.ZERO)).hasMessageContaining("resolveAfterWindows");
        assertThatThrownBy(() -> new LifecycleSettings(1, 1, Duration.ofSeconds(-1))).hasMessageContaining("repeatInterval");
    }
}
