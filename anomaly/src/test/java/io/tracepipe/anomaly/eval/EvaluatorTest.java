package io.tracepipe.anomaly.eval;

import static io.tracepipe.anomaly.stats.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.rules.TestRules;
import io.tracepipe.anomaly.stats.DurationSpec;
import io.tracepipe.anomaly.stats.TestWindows;
import io.tracepipe.anomaly.stats.WindowStats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static final GroupKey KEY = GroupKey.of("service", "payment", "operation", "POST /charge");
    private final Evaluator evaluator = new Evaluator();

    @Test
    void the_verdict_carries_what_an_alert_needs() {
        // with three spans, p99 is the middle one (rank 0.99 × 2, rounded down): look at the max
        Rule rule = TestRules.rule("min_count: 3", "latency: { percentile: max, above: 1s }");
        WindowStats stats = new WindowStats();
        stats.add(span().trace("t-slow").lasting(Duration.ofSeconds(3)).build(), -1, () -> null);
        stats.add(span().trace("t-failed").lasting(Duration.ofMillis(20)).error().build(), -1, () -> null);
        stats.add(span().trace("t-fast").lasting(Duration.ofMillis(10)).build(), -1, () -> null);

        Verdict v = evaluator.evaluate(rule, KEY, 60_000, 120_000, stats, null);

        assertThat(v.rule()).isEqualTo("test");
        assertThat(v.severity()).isEqualTo("warning");
        // Verdict keeps the labels with Map.copyOf: the group_by order is GroupKey's to keep, not the verdict's
        assertThat(v.groupLabels()).containsOnly(Map.entry("service", "payment"), Map.entry("operation", "POST /charge"));
        assertThat(v.outcome()).isEqualTo(Outcome.BREACH);
        assertThat(v.observed()).isEqualTo(3.0);
        assertThat(v.threshold()).isEqualTo(1.0);
        assertThat(v.baseline()).isNull();
        assertThat(v.summary()).isEqualTo("max latency 3.00 s > 1.00 s over 1m");
        assertThat(v.stats()).isEqualTo(stats.summary());
        assertThat(v.windowStartMs()).isEqualTo(60_000);
        assertThat(v.windowEndMs()).isEqualTo(120_000);
        assertThat(v.exemplarTraceIds()).containsExactly("t-failed", "t-slow", "t-fast");
        assertThat(v.culprit()).isNull();
    }

    @Test
    void without_statistics_there_is_no_data() {
        Rule rule = TestRules.rule("error_rate: { above: 0.05 }");

        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000, null, null);

        assertThat(v.outcome()).isEqualTo(Outcome.INSUFFICIENT_DATA);
        assertThat(v.observed()).isZero();
        assertThat(v.stats().count()).isZero();
        assertThat(v.exemplarTraceIds()).isEmpty();
        assertThat(v.summary()).isEqualTo("only 0 spans over 1m, fewer than min_count 10");
    }

    @Test
    void the_culprit_is_the_largest_summed_share_over_the_exemplars_with_a_suspect() {
        Rule rule = TestRules.rule("min_count: 1", "error_rate: { above: 0.5 }");
        WindowStats stats = new WindowStats();
        stats.add(span().trace("t1").lasting(Duration.ofSeconds(4)).error().build(), -1,
                () -> TestWindows.culprit("db", "SELECT", 0.8));
        stats.add(span().trace("t2").lasting(Duration.ofSeconds(3)).error().build(), -1,
                () -> TestWindows.culprit("payment", "charge", 0.9));
        stats.add(span().trace("t3").lasting(Duration.ofSeconds(2)).build(), -1,
                () -> TestWindows.culprit("db", "SELECT", 0.6));
        stats.add(span().trace("t4").lasting(Duration.ofSeconds(1)).build(), -1, () -> null);

        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000, stats, null);

        assertThat(v.culprit().service()).isEqualTo("db");
        assertThat(v.culprit().operation()).isEqualTo("SELECT");
        // (0.8 + 0.6) over the three exemplars that have a suspect
        assertThat(v.culprit().share()).isCloseTo(1.4 / 3, within(1e-12));
        assertThat(v.exemplarTraceIds()).containsExactly("t1", "t2", "t3", "t4");
    }

    @Test
    void a_latency_culprit_weighs_each_exemplar_by_its_duration() {
        // a window where a fault began: one slow trace blamed on the charge, three normal ones on authorisation
        Rule rule = TestRules.rule("min_count: 1", "latency: { percentile: p99, above: 1s }");
        WindowStats stats = new WindowStats(rule.exemplarRanking());
        stats.add(span().trace("t1").lasting(Duration.ofSeconds(4)).build(), -1,
                () -> TestWindows.culprit("payment", "POST /charge", 0.8));
        for (String t : List.of("t2", "t3", "t4")) {
            stats.add(span().trace(t).lasting(Duration.ofSeconds(1)).build(), -1,
                    () -> TestWindows.culprit("payment", "authorize card", 0.5));
        }

        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000, stats, null);

        assertThat(v.culprit().operation()).isEqualTo("POST /charge");
        assertThat(v.culprit().share()).isCloseTo(0.8 * 4 / 7, within(1e-9));
    }

    @Test
    void a_tied_culprit_goes_to_the_worse_exemplar() {
        Rule rule = TestRules.rule("min_count: 1", "error_rate: { above: 0.5 }");
        WindowStats stats = new WindowStats();
        stats.add(span().trace("t1").lasting(Duration.ofSeconds(1)).build(), -1,
                () -> TestWindows.culprit("a", "x", 0.5));
        stats.add(span().trace("t2").lasting(Duration.ofSeconds(2)).build(), -1,
                () -> TestWindows.culprit("b", "y", 0.5));

        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000, stats, null);

        assertThat(v.culprit()).isEqualTo(TestWindows.culprit("b", "y", 0.25));
    }

    @Test
    void baseline_latency_summary_shows_the_bound_and_what_it_was_learned_from() {
        Rule rule = TestRules.rule("baseline: { metric: p95_latency, sensitivity: 3 }");
        BaselineState learned = new BaselineState(0.21, 0.03, 20);

        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000,
                TestWindows.stats(DurationSpec.nanos("1400ms*100"), 0, -1), learned);

        assertThat(v.outcome()).isEqualTo(Outcome.BREACH);
        assertThat(v.observed()).isCloseTo(1.4, within(0.014));
        assertThat(v.threshold()).isCloseTo(0.30, within(1e-12));
        assertThat(v.baseline()).isEqualTo(new BaselineSnapshot(0.21, 0.03, v.threshold(), 20));
        assertThat(v.summary()).isEqualTo(String.format(Locale.ROOT,
                "p95 latency %.2f s > baseline 0.30 s (mean 0.21 s ± 0.03 s) over 1m", v.observed()));
    }

    @Test
    void baseline_error_rate_summary() {
        Rule rule = TestRules.rule("baseline: { metric: error_rate }");
        BaselineState learned = new BaselineState(0.02, 0.0037, 12);

        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000, TestWindows.counts(320, 40), learned);

        assertThat(v.outcome()).isEqualTo(Outcome.BREACH);
        assertThat(v.observed()).isEqualTo(0.125);
        assertThat(v.summary()).isEqualTo("error rate 12.5% > baseline 3.1% (mean 2.0% ± 0.4%) over 1m (40/320 spans)");
    }

    @Test
    void min_delta_raises_the_bound_of_a_quiet_baseline() {
        Rule rule = TestRules.rule("baseline: { metric: error_rate, min_delta: 1% }");
        BaselineState learned = new BaselineState(0.001, 0.0001, 50);

        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000, TestWindows.counts(1000, 5), learned);

        assertThat(v.threshold()).isCloseTo(0.011, within(1e-12));
        assertThat(v.outcome()).isEqualTo(Outcome.CLEAR);
        assertThat(v.summary()).isEqualTo("error rate 0.5% <= baseline 1.1% (mean 0.1% ± 0.010%) over 1m (5/1000 spans)");
    }

    @Test
    void a_warming_baseline_never_breaches() {
        Rule rule = TestRules.rule("baseline: { metric: p95_latency, warmup: 10 }");
        BaselineState learned = new BaselineState(0.2, 0.01, 9);

        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000,
                TestWindows.stats(DurationSpec.nanos("60s*100"), 0, -1), learned);

        assertThat(v.outcome()).isEqualTo(Outcome.INSUFFICIENT_DATA);
        assertThat(v.baseline().windowsSeen()).isEqualTo(9);
        assertThat(v.summary()).matches("p95 latency \\d+\\.\\d\\d s; baseline still learning \\(9 of 10 windows\\) over 1m");
    }

    @Test
    void a_first_window_has_an_empty_baseline_not_a_missing_one() {
        Rule rule = TestRules.rule("baseline: { metric: p95_latency }");

        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000, TestWindows.stats(DurationSpec.nanos("1s*20"), 0, -1), null);

        assertThat(v.outcome()).isEqualTo(Outcome.INSUFFICIENT_DATA);
        assertThat(v.baseline()).isEqualTo(new BaselineSnapshot(0, 0, 0, 0));
        assertThat(Double.isFinite(v.threshold())).isTrue();
    }

    @Test
    void the_window_length_is_written_as_in_rules() {
        Rule rule = TestRules.rule("window: 1h30m", "advance: 15m", "min_count: 1", "error_rate: { above: 0.5 }");

        Verdict v = evaluator.evaluate(rule, KEY, 0, 5_400_000, TestWindows.counts(4, 1), null);

        assertThat(v.summary()).isEqualTo("error rate 25.0% <= 50.0% over 1h30m (1/4 spans)");
    }
}
