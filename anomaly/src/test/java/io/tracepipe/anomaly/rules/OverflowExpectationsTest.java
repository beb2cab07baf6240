package io.tracepipe.anomaly.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.stats.ExpectationTable;
import io.tracepipe.anomaly.stats.ExpectationTable.Row;
import io.tracepipe.anomaly.stats.TestSpans;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The group-key budget against the stored expectations of {@code overflow.csv}. */
class OverflowExpectationsTest {

    static Stream<Arguments> admissions() {
        return ExpectationTable.read("/overflow.csv").stream().map(row -> Arguments.of(Named.of(row.get("case"), row)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("admissions")
    void key_lands_in_the_stored_bucket(Row row) {
        Rule rule = TestRules.rule("group_by: [service]", "max_keys: " + row.get("max_keys"), "error_rate: { above: 0.1 }");
        GroupKeyBudget budget = new GroupKeyBudget(rule.maxKeys());
        for (int i = 0; i < row.integer("preloaded"); i++) {
            budget.admit(0, rule.groupKeyOf(TestSpans.span().service("svc-" + i).build()));
        }

        GroupKey bucket = budget.admit(row.longValue("window_start"),
                rule.groupKeyOf(TestSpans.span().service(row.get("service")).build()));

        assertThat(bucket.labels()).as(row.toString()).containsExactly(Map.entry("service", row.get("expected_bucket")));
        assertThat(budget.admittedIn(row.longValue("window_start"))).isEqualTo(row.integer("expected_admitted"));
    }
}
