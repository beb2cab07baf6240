package io.tracepipe.anomaly.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

/** The slow_spans condition, both modes, against the stored expectations of {@code slow_spans.csv}. */
class SlowSpansExpectationsTest {

    static Stream<Arguments> windows() {
        return ExpectationTable.read("/slow_spans.csv").stream().map(row -> Arguments.of(Named.of(row.get("case"), row)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void verdict_matches_the_stored_expectation(Row row) {
        Rule rule = TestRules.rule("min_count: " + row.get("min_count"),
                "slow_spans: { above: " + row.get("above") + ", " + row.get("mode") + ": " + row.get("limit") + " }");

        Verdict verdict = new Evaluator().evaluate(rule, GroupKey.of("service", "svc"), 0, 60_000,
                TestWindows.stats(DurationSpec.nanos(row.get("durations")), 0, rule.slowThresholdNanos()), null);

        assertThat(verdict.outcome()).as(row.toString()).isEqualTo(Outcome.valueOf(row.get("outcome")));
        assertThat(verdict.observed()).as(row.toString()).isCloseTo(row.number("observed"), within(1e-12));
        assertThat(verdict.summary()).isEqualTo(row.get("summary"));
    }
}
