package io.tracepipe.anomaly.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.tracepipe.anomaly.rules.Condition;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.rules.TestRules;
import io.tracepipe.anomaly.stats.DurationSpec;
import io.tracepipe.anomaly.stats.ExpectationTable;
import io.tracepipe.anomaly.stats.ExpectationTable.Row;
import io.tracepipe.anomaly.stats.TestWindows;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The latency condition against the stored expectations of {@code latency.csv}. */
class LatencyExpectationsTest {

    static Stream<Arguments> windows() {
        return ExpectationTable.read("/latency.csv").stream().map(row -> Arguments.of(Named.of(row.get("case"), row)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void verdict_matches_the_stored_expectation(Row row) {
        Rule rule = TestRules.rule("min_count: " + row.get("min_count"),
                "latency: { percentile: " + row.get("percentile") + ", above: " + row.get("above") + " }");
        long[] durations = DurationSpec.nanos(row.get("durations"));
        double expected = row.number("observed_seconds");
        // the stored value is the exact quantile (rounded), not whatever the sketch said
        double exact = DurationSpec.exactQuantile(durations, ((Condition.Latency) rule.condition()).percentile().quantile()) / 1e9;
        assertThat(exact).as("stored exact quantile of " + row).isCloseTo(expected, within(0.00005));

        Verdict verdict = new Evaluator().evaluate(rule, GroupKey.of("service", "svc"), 0, 60_000,
                TestWindows.stats(durations, 0, rule.slowThresholdNanos()), null);

        assertThat(verdict.outcome()).as(row.toString()).isEqualTo(Outcome.valueOf(row.get("outcome")));
        assertThat(verdict.observed()).as(row.toString()).isCloseTo(exact, withinPercentage(1));
        assertThat(verdict.threshold()).isEqualTo(((Condition.Latency) rule.condition()).above().toNanos() / 1e9);
        if (!row.get("summary").isEmpty()) {
            assertThat(verdict.summary()).isEqualTo(row.get("summary"));
        }
    }
}
