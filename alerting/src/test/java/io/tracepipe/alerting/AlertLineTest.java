package io.tracepipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlertLineTest {

    @Test
    void firingLineSaysWhatWhereHowMuchWhoAndWhichTrace() {
        assertThat(AlertLine.format(TestAlerts.firing(), false)).isEqualTo(
                "2026-03-01T12:05:00.000Z FIRING   critical checkout-latency"
                        + " {operation=\"POST /charge\", service=\"payment\", team=\"payments\"}"
                        + " p99 latency 3.2 s > 1 s over 1m"
                        + " | culprit payment POST /charge 83% of slow time (normally 20%)"
                        + " · k8s.pod.name=payment-7d4b9-x2x9q in 90% of slow spans vs 48%"
                        + " | trace " + TestAlerts.traceId(5));
    }

    @Test
    void anErrorExplanationSaysFailuresAndWhereNotHowTheyFailed() {
        Alert firing = TestAlerts.firing();
        Alert errors = firing.withExplanation(new Alert.Explanation(Alert.Explanation.ERRORS, 267,
                List.of(new Alert.Suspect("auth-service", "verify_token", 0.96, 256, Double.NaN, null)),
                List.of(new Alert.AttributeContrast("error.type", "503", 1.0, 0.0),
                        new Alert.AttributeContrast("k8s.pod.name", "auth-2", 0.91, 0.34)), 0));

        assertThat(Explained.sentence(errors)).isEqualTo(
                "culprit payment POST /charge 83% · k8s.pod.name=auth-2 in 91% of failures vs 34%");
    }

    @Test
    void anAlertReadFromBeforeExplanationsStillNamesItsCulprit() {
        Alert old = TestAlerts.firing().withExplanation(null);

        assertThat(AlertLine.format(old, false)).contains(" | culprit payment POST /charge 83% | trace ");
    }

    @Test
    void resolvedLineOmitsWhatItDoesNotHave() {
        assertThat(AlertLine.format(TestAlerts.resolved(), false)).isEqualTo(
                "2026-03-01T12:10:00.000Z RESOLVED critical checkout-latency"
                        + " {operation=\"POST /charge\", service=\"payment\", team=\"payments\"}"
                        + " p99 latency 0.4 s <= 1 s over 1m");
    }

    @Test
    void colourMarksFiringRedAndResolvedGreenAndNothingElse() {
        String firing = AlertLine.format(TestAlerts.firing(), true);
        String resolved = AlertLine.format(TestAlerts.resolved(), true);

        assertThat(firing).contains("\u001b[1;31mFIRING\u001b[0m   critical");
        assertThat(resolved).contains("\u001b[1;32mRESOLVED\u001b[0m critical");
        assertThat(firing.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(AlertLine.format(TestAlerts.firing(), false));
        assertThat(AlertLine.format(TestAlerts.firing(), false)).doesNotContain("\u001b");
    }
}
