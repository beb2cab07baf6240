package io.tracepipe.alerting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertJson;
import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.alerting.Fingerprint;
import io.tracepipe.alerting.TestAlerts;
import io.tracepipe.anomaly.eval.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the stored lifecycle expectations of {@code lifecycle/steps.csv}, each scenario twice:
 * keeping the state in memory, and encoding and decoding it before every step, as a restart
 * between any two windows would.
 */
class LifecycleScenariosTest {

    private static final RuleDecoration DECORATION = new RuleDecoration(
            Map.of("team", "payments"), Map.of("runbook_url", "https://runbooks.example/checkout-latency"));

    enum Mode { IN_MEMORY, RESTORED_BEFORE_EVERY_STEP }

    record Scenario(String name, LifecycleSettings settings, String description, List<Step> steps) {
        @Override
        public String toString() {
            return name + ": " + description;
        }
    }

    record Step(int step, Outcome outcome, int minute, AlertState.Phase state, String published, Integer starts, Integer ends) {}

    static Stream<Arguments> scenariosInBothModes() {
        return scenarios().values().stream()
                .flatMap(scenario -> Stream.of(Mode.values()).map(mode -> Arguments.of(scenario, mode)));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("scenariosInBothModes")
    void scenarioMatchesStoredExpectations(Scenario scenario, Mode mode) {
        AlertState state = null;
        for (Step step : scenario.steps()) {
            String where = scenario.name() + " step " + step.step() + " (" + step.outcome() + " @" + step.minute() + ")";
            if (mode == Mode.RESTORED_BEFORE_EVERY_STEP && state != null) {
                state = AlertState.decode(state.encode());
            }
            Transition transition = AlertLifecycle.step(
                    state, TestAlerts.verdict(step.outcome(), step.minute()), DECORATION, scenario.settings(),
                    TestAlerts.at(step.minute()));
            state = transition.state();

            assertThat(state.phase()).as(where + ": state").isEqualTo(step.state());
            assertThat(transition.alert().map(alert -> alert.status().wireName()).orElse(""))
                    .as(where + ": published").isEqualTo(step.published());
            transition.alert().ifPresent(alert -> checkAlert(where, step, alert));
        }
    }

    @Test
    void restoringTheStateBetweenStepsPublishesByteIdenticalAlerts() {
        for (Scenario scenario : scenarios().values()) {
            assertThat(publishedJson(scenario, Mode.RESTORED_BEFORE_EVERY_STEP))
                    .as(scenario.name())
                    .isEqualTo(publishedJson(scenario, Mode.IN_MEMORY));
        }
    }

    @Test
    void everyScenarioHasStepsAndEveryStepHasAScenario() {
        Map<String, Scenario> scenarios = scenarios();
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(10);
        scenarios.values().forEach(scenario -> assertThat(scenario.steps()).as(scenario.name()).isNotEmpty());
    }

    private static void checkAlert(String where, Step step, Alert alert) {
        assertThat(alert.fingerprint()).as(where).isEqualTo(Fingerprint.of(TestAlerts.RULE, TestAlerts.GROUP));
        assertThat(alert.window().end()).as(where + ": window").isEqualTo(TestAlerts.at(step.minute()));
        assertThat(alert.startsAt()).as(where + ": startsAt").isEqualTo(TestAlerts.at(step.starts()));
        if (alert.status() == AlertStatus.RESOLVED) {
            assertThat(alert.endsAt()).as(where + ": endsAt").isEqualTo(TestAlerts.at(step.ends()));
            assertThat(alert.exemplars()).as(where + ": a healthy window proves nothing").isEmpty();
            assertThat(alert.culprit()).as(where + ": no culprit once resolved").isNull();
        } else {
            assertThat(alert.exemplars()).as(where + ": fresh exemplars").startsWith(TestAlerts.traceId(step.minute()));
            assertThat(alert.endsAt()).as(where + ": endsAt").isNull();
            assertThat(step.ends()).as(where + ": a firing row has no ends").isNull();
        }
        assertThat(alert.labels()).as(where).containsEntry("team", "payments").containsAllEntriesOf(TestAlerts.GROUP);
        assertThat(alert.annotations()).as(where).containsKeys("summary", "runbook_url");
    }

    private static List<String> publishedJson(Scenario scenario, Mode mode) {
        List<String> published = new ArrayList<>();
        AlertState state = null;
        for (Step step : scenario.steps()) {
            if (mode == Mode.RESTORED_BEFORE_EVERY_STEP && state != null) {
                state = AlertState.decode(state.encode());
            }
            Transition transition = AlertLifecycle.step(state, TestAlerts.verdict(step.outcome(), step.minute()),
                    DECORATION, scenario.settings(), TestAlerts.at(step.minute()));
            state = transition.state();
            published.add(transition.alert().map(AlertJson::toJson).orElse("-"));
            published.add(String.valueOf(state));
        }
        return published;
    }

    private static Map<String, Scenario> scenarios() {
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        for (String[] row : rows("lifecycle/scenarios.csv", 5)) {
            LifecycleSettings settings = new LifecycleSettings(
                    Integer.parseInt(row[1]), Integer.parseInt(row[2]), Duration.ofMinutes(Long.parseLong(row[3])));
            scenarios.put(row[0], new Scenario(row[0], settings, row[4], new ArrayList<>()));
        }
        for (String[] row : rows("lifecycle/steps.csv", 8)) {
            Scenario scenario = scenarios.get(row[0]);
            assertThat(scenario).as("scenario of steps.csv row " + String.join(",", row)).isNotNull();
            scenario.steps().add(new Step(
                    Integer.parseInt(row[1]), Outcome.valueOf(row[2]), Integer.parseInt(row[3]),
                    AlertState.Phase.valueOf(row[4]), row[5], optionalInt(row[6]), optionalInt(row[7])));
        }
        return scenarios;
    }

    private static Integer optionalInt(String text) {
        return Optional.of(text).filter(t -> !t.isEmpty()).map(Integer::valueOf).orElse(null);
    }

    /** Rows of a simple CSV: '#' comments and the header skipped, trailing empty cells kept. */
    private static List<String[]> rows(String resource, int columns) {
        InputStream in = LifecycleScenariosTest.class.getClassLoader().getResourceAsStream(resource);
        assertThat(in).as(resource).isNotNull();
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean header = true;
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                assertThat(cells).as(resource + ": " + line).hasSize(columns);
                if (!header) {
                    rows.add(cells);
                }
                header = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
