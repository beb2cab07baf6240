package io.tracepipe.anomaly.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tracepipe.anomaly.rules.Condition;
import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.rules.TestRules;
import io.tracepipe.anomaly.stats.ExpectationTable;
import io.tracepipe.anomaly.stats.ExpectationTable.Row;
import io.tracepipe.anomaly.stats.TestWindows;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The error_rate condition against the stored expectations of {@code error_rate.csv}. */
class ErrorRateExpectationsTest {

    static Stream<Arguments> windows() {
        return ExpectationTable.read("/error_rate.csv").stream().map(row -> Arguments.of(Named.of(row.get("case"), row)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void verdict_matches_the_stored_expectation(Row row) {
        Rule rule = TestRules.rule("min_count: " + row.get("min_count"), "error_rate: { above: " + row.get("above") + " }");

        Verdict verdict = new Evaluator().evaluate(rule, GroupKey.of("service", "svc", "operation", "op"), 0, 60_000,
                TestWindows.counts(row.integer("spans"), row.integer("errors")), null);

        assertThat(verdict.outcome()).as(row.toString()).isEqualTo(Outcome.valueOf(row.get("outcome")));
        assertThat(verdict.observed()).as(row.toString()).isCloseTo(row.number("observed"), within(1e-12));
        assertThat(verdict.threshold()).isEqualTo(((Condition.ErrorRate) rule.condition()).above());
        assertThat(verdict.summary()).isEqualTo(row.get("summary"));
        assertThat(verdict.stats().count()).isEqualTo(row.longValue("spans"));
        assertThat(verdict.stats().errors()).isEqualTo(row.longValue("errors"));
        assertThat(verdict.baseline()).isNull();
    }
}
