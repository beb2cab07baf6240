package io.tracepipe.anomaly.eval;

import static io.tracepipe.anomaly.stats.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.rules.TestRules;
import io.tracepipe.anomaly.stats.DurationSpec;
import io.tracepipe.anomaly.stats.SpanCauses;
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
        stats.add(span().trace("t-slow").lasting(Duration.ofSeconds(3)).build(), -1, () -> SpanCauses.NONE);
        stats.add(span().trace("t-failed").lasting(Duration.ofMillis(20)).error().build(), -1, () -> SpanCauses.NONE);
        stats.add(span().trace("t-fast").lasting(Duration.ofMillis(10)).build(), -1, () -> SpanCauses.NONE);

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
        assertThat(v.explanation()).as("no span was bad").isNull();
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
    void the_error_culprit_counts_every_failure_of_the_window_not_the_exemplars() {
        // the cascade: hundreds of fast auth failures and a handful of slow background failures
        Rule rule = TestRules.rule("min_count: 1", "error_rate: { above: 0.05 }");
        WindowStats stats = new WindowStats(rule.exemplarRanking());
        for (int i = 0; i < 255; i++) {
            stats.add(span().trace("auth-" + i).id("a" + i).lasting(Duration.ofMillis(12)).error().build(), -1, true,
                    () -> TestWindows.causes("auth-service", "verify_token", 1), List.of());
        }
        for (int i = 0; i < 12; i++) {
            stats.add(span().trace("slow-" + i).id("b" + i).lasting(Duration.ofSeconds(2)).error().build(), -1, true,
                    () -> TestWindows.causes("inventory-service", "SELECT inventory", 1), List.of());
        }
        for (int i = 0; i < 2134; i++) {
            stats.add(span().trace("ok-" + i).id("c" + i).lasting(Duration.ofMillis(40)).build(), -1, false,
                    () -> SpanCauses.NONE, List.of());
        }

        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000, stats, null);

        assertThat(v.culprit().service()).isEqualTo("auth-service");
        assertThat(v.culprit().operation()).isEqualTo("verify_token");
        assertThat(v.culprit().share()).isCloseTo(255.0 / 267, within(1e-12));
        assertThat(v.explanation().kind()).isEqualTo(Explanation.Kind.ERRORS);
        assertThat(v.explanation().badSpans()).isEqualTo(267);
        assertThat(v.explanation().suspects()).extracting(Explanation.Suspect::service, Explanation.Suspect::count)
                .containsExactly(tuple("auth-service", 255L), tuple("inventory-service", 12L));
        assertThat(v.explanation().suspects().get(1).share()).isCloseTo(12.0 / 267, within(1e-12));
        assertThat(v.explanation().suspects().get(0).normalShare()).isNaN();
        // the worst five exemplars are the slow background failures; the culprit's proof comes first
        assertThat(v.exemplarTraceIds()).hasSize(6);
        assertThat(v.exemplarTraceIds().get(0)).startsWith("auth-").isEqualTo(v.explanation().suspects().get(0).exemplar());
        assertThat(v.exemplarTraceIds().subList(1, 6)).allMatch(id -> id.startsWith("slow-"));
    }

    private static SpanCauses path(long reserveMs, long authorizeMs, long ownMs) {
        List<SpanCauses.Cause> causes = new java.util.ArrayList<>();
        if (reserveMs > 0) {
            causes.add(new SpanCauses.Cause("inventory", "POST /reserve", reserveMs));
        }
        if (authorizeMs > 0) {
            causes.add(new SpanCauses.Cause("payment", "authorize card", authorizeMs));
        }
        causes.add(new SpanCauses.Cause("frontend", "POST /checkout", ownMs));
        causes.sort(SpanCauses.HEAVIEST_FIRST);
        return new SpanCauses(causes, reserveMs + authorizeMs + ownMs);
    }

    /** Beyond-threshold checkouts: {@code naturallySlow} of them slow in card authorisation, {@code slowReserve} slowed in reserve. */
    private static WindowStats slowCheckouts(Rule rule, int naturallySlow, int slowReserve) {
        WindowStats stats = new WindowStats(rule.exemplarRanking());
        for (int i = 0; i < naturallySlow; i++) {
            stats.add(span().trace("bulk-" + i).id("b" + i).lasting(Duration.ofMillis(3100)).build(), -1, true,
                    () -> path(20, 3000, 80), List.of());
        }
        for (int i = 0; i < slowReserve; i++) {
            stats.add(span().trace("fault-" + i).id("f" + i).lasting(Duration.ofMillis(1100)).build(), -1, true,
                    () -> path(900, 120, 80), List.of());
        }
        return stats;
    }

    @Test
    void a_latency_culprit_is_what_grew_beyond_the_normal_windows_not_what_is_always_slow() {
        Rule rule = TestRules.rule("min_count: 1", "latency: { percentile: p99, above: 1s }");
        // normal windows: the only spans beyond a second are the ones slow in card authorisation
        NormalProfile normal = null;
        ProfileLearner learner = new ProfileLearner();
        for (int w = 0; w < 5; w++) {
            WindowStats quiet = slowCheckouts(rule, 3, 0);
            Verdict clear = new Verdict("test", "warning", Map.of(), Outcome.CLEAR, 0.5, 1, null, "", quiet.summary(), 0, 1,
                    List.of(), null, null);
            normal = learner.learn(rule, normal, clear, quiet);
        }
        assertThat(normal.share(SpanCauses.key("payment", "authorize card"))).isGreaterThan(0.9);

        // the fault: reserve slows down; the naturally slow requests are still there and dominate the time
        WindowStats faulty = slowCheckouts(rule, 6, 10);
        Verdict withoutHistory = evaluator.evaluate(rule, KEY, 0, 60_000, faulty, null, null);
        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000, faulty, null, normal);

        assertThat(withoutHistory.culprit().operation()).as("by share alone").isEqualTo("authorize card");
        assertThat(v.culprit().service()).isEqualTo("inventory");
        assertThat(v.culprit().operation()).isEqualTo("POST /reserve");
        Explanation.Suspect top = v.explanation().suspects().get(0);
        assertThat(top.share()).isCloseTo((10 * 900 + 6 * 20) / (6 * 3100.0 + 10 * 1100), within(1e-9));
        assertThat(top.normalShare()).isLessThan(0.01);
        assertThat(top.count()).as("bad spans whose path runs through reserve").isEqualTo(16);
        assertThat(top.exemplar()).startsWith("fault-");
        assertThat(v.explanation().suspects()).extracting(Explanation.Suspect::operation)
                .as("what shrank is no suspect").doesNotContain("authorize card");
    }

    @Test
    void when_nothing_grew_the_suspects_are_what_the_slow_time_is_made_of() {
        Rule rule = TestRules.rule("min_count: 1", "latency: { percentile: p99, above: 1s }");
        WindowStats quiet = slowCheckouts(rule, 3, 0);
        Verdict clear = new Verdict("test", "warning", Map.of(), Outcome.CLEAR, 0.5, 1, null, "", quiet.summary(), 0, 1,
                List.of(), null, null);
        NormalProfile normal = new ProfileLearner().learn(rule, null, clear, quiet);

        Verdict v = evaluator.evaluate(rule, KEY, 0, 60_000, slowCheckouts(rule, 4, 0), null, normal);

        assertThat(v.culprit().operation()).isEqualTo("authorize card");
        assertThat(v.explanation().suspects()).extracting(Explanation.Suspect::operation)
                .containsExactly("authorize card", "POST /checkout", "POST /reserve");
    }

    @Test
    void a_breaching_window_teaches_the_normal_profile_nothing() {
        Rule rule = TestRules.rule("min_count: 1", "latency: { percentile: p99, above: 1s }");
        WindowStats faulty = slowCheckouts(rule, 0, 10);
        Verdict breach = evaluator.evaluate(rule, KEY, 0, 60_000, faulty, null, null);
        NormalProfile before = new NormalProfile(Map.of(SpanCauses.key("payment", "authorize card"), 1.0), 3);

        assertThat(breach.outcome()).isEqualTo(Outcome.BREACH);
        assertThat(new ProfileLearner().learn(rule, before, breach, faulty)).isSameAs(before);
        Rule errors = TestRules.rule("error_rate: { above: 0.05 }");
        assertThat(new ProfileLearner().learn(errors, null, breach, faulty)).as("error rules learn no profile").isNull();
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
