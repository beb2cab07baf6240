package io.tracepipe.anomaly.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.eval.Evaluator;
import io.tracepipe.anomaly.eval.Outcome;
import io.tracepipe.anomaly.eval.Verdict;
import io.tracepipe.anomaly.health.HealthMetric;
import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanStatus;
import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.stats.HyperLogLog;
import io.tracepipe.anomaly.stats.SpanCauses;
import io.tracepipe.anomaly.stats.WindowStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules on instrumentation health: read from the rules file, judged on a window's flagged spans or distinct values. */
class HealthConditionsTest {
    private static final String RULES = """
            rules:
              - name: lost-context
                severity: warning
                group_by: [service]
                orphan_rate: { above: 1% }
              - name: request-ids
                severity: info
                group_by: [service]
                attribute_cardinality: { key: request.id, above: 10000 }
            """;

    @Test
    void readsBothConditions() {
        List<Rule> rules = RulesParser.parseDocument(RULES);

        assertThat(rules.get(0).condition()).isEqualTo(new Condition.Instrumentation(HealthMetric.ORPHAN_RATE, 0.01));
        assertThat(rules.get(1).condition()).isEqualTo(new Condition.AttributeCardinality("request.id", 10_000));
    }

    @Test
    void orphanRateBreachesAboveItsBoundOnly() {
        Rule rule = RulesParser.parseDocument(RULES).get(0);

        assertThat(judge(rule, windowWithBad(2, 100))).isEqualTo(Outcome.BREACH);
        assertThat(judge(rule, windowWithBad(1, 100))).as("exactly 1 %% is not above 1 %%").isEqualTo(Outcome.CLEAR);
    }

    @Test
    void cardinalityBreachesAboveItsBoundAndSurvivesEncoding() {
        Rule rule = RulesParser.parseDocument(RULES).get(1);
        WindowStats few = windowWithDistinct(5_000);
        WindowStats many = WindowStats.decode(windowWithDistinct(20_000).encode());

        assertThat(judge(rule, few)).isEqualTo(Outcome.CLEAR);
        assertThat(judge(rule, many)).isEqualTo(Outcome.BREACH);
        assertThat(many.distinctValues()).isBetween(19_300L, 20_700L);
    }

    private static Outcome judge(Rule rule, WindowStats stats) {
        Verdict verdict = new Evaluator().evaluate(rule, GroupKey.of(new java.util.LinkedHashMap<>(Map.of("service", "inventory"))),
                0, 60_000, stats, null);
        return verdict.outcome();
    }

    private static WindowStats windowWithBad(int bad, int count) {
        WindowStats stats = new WindowStats();
        for (int i = 0; i < count; i++) {
            stats.add(span(i), -1, i < bad, () -> SpanCauses.NONE, List.of());
        }
        return stats;
    }

    private static WindowStats windowWithDistinct(int distinct) {
        WindowStats stats = new WindowStats();
        for (int i = 0; i < distinct; i++) {
            stats.add(span(i), -1, false, () -> SpanCauses.NONE, List.of());
            stats.addDistinct(HyperLogLog.hash("req-" + i));
        }
        return stats;
    }

    private static SpanView span(int i) {
        return new SpanView("4bf92f3577b34da6a3ce929d0e0e4736", String.format("%016x", i + 1), "", "inventory", "GET /stock",
                SpanKind.SERVER, SpanStatus.OK, 0, 1_000_000, Map.of());
    }
}
