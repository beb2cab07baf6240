package io.tracepipe.anomaly.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.tracepipe.config.Durations;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.rules.TestRules;
import io.tracepipe.anomaly.stats.ExpectationTable;
import io.tracepipe.anomaly.stats.ExpectationTable.Row;
import io.tracepipe.anomaly.stats.TestWindows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sequences of windows through a baseline rule against the stored expectations of
 * {@code baseline.csv}, written by an independent reference of the algorithm
 * ({@code baseline_reference.py}). The state is stored and read back between windows, as the
 * topology will.
 */
class BaselineExpectationsTest {

    static Stream<Arguments> scenarios() {
        Map<String, List<Row>> byScenario = new LinkedHashMap<>();
        for (Row row : ExpectationTable.read("/baseline.csv")) {
            byScenario.computeIfAbsent(row.get("scenario"), s -> new ArrayList<>()).add(row);
        }
        return byScenario.entrySet().stream().map(e -> Arguments.of(Named.of(e.getKey(), e.getValue())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void every_window_matches_the_stored_expectation(List<Row> windows) {
        Row first = windows.get(0);
        boolean latency = first.get("metric").equals("p95_latency");
        Rule rule = TestRules.rule("min_count: " + first.get("min_count"),
                "baseline: { metric: " + first.get("metric") + ", sensitivity: " + first.get("sensitivity")
                        + ", warmup: " + first.get("warmup") + ", alpha: " + first.get("alpha")
                        + ", min_delta: " + first.get("min_delta") + " }");
        Evaluator evaluator = new Evaluator();
        BaselineLearner learner = new BaselineLearner();
        BaselineState state = null;
        long start = 0;
        for (Row row : windows) {
            long[] durations = new long[row.integer("spans")];
            Arrays.fill(durations, Durations.parse(row.get("latency")).toNanos());

            Verdict verdict = evaluator.evaluate(rule, GroupKey.of("service", "svc"), start, start + 60_000,
                    TestWindows.stats(durations, row.integer("errors"), -1), state);

            String where = row.toString();
            assertThat(verdict.outcome()).as(where).isEqualTo(Outcome.valueOf(row.get("outcome")));
            assertThat(verdict.baseline().windowsSeen()).as(where).isEqualTo(row.longValue("windows_learned"));
            if (latency) {
                // the p95 comes from the sketch (1 % accuracy), and so does everything learned from it
                assertThat(verdict.observed()).as(where).isCloseTo(row.number("observed"), withinPercentage(1));
                assertThat(verdict.threshold()).as(where).isCloseTo(row.number("upper"), withinPercentage(2));
            } else {
                assertThat(verdict.observed()).as(where).isCloseTo(row.number("observed"), within(1e-9));
                assertThat(verdict.threshold()).as(where).isCloseTo(row.number("upper"), within(1e-6));
            }
            assertThat(verdict.baseline().upperBound()).isEqualTo(verdict.threshold());

            BaselineState learned = learner.learn(rule, state, verdict);
            state = BaselineState.decode(learned.encode());
            start += 60_000;
        }
    }
}
