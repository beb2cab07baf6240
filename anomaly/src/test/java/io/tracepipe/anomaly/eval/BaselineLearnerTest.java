package io.tracepipe.anomaly.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tracepipe.anomaly.rules.GroupKey;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.rules.TestRules;
import io.tracepipe.anomaly.stats.TestWindows;
import org.junit.jupiter.api.Test;

class BaselineLearnerTest {

    private final Evaluator evaluator = new Evaluator();
    private final BaselineLearner learner = new BaselineLearner();
    private final Rule rule = TestRules.rule("min_count: 100",
            "baseline: { metric: error_rate, sensitivity: 3, warmup: 2, alpha: 0.5 }");

    private BaselineState window(BaselineState state, int spans, int errors) {
        Verdict verdict = evaluator.evaluate(rule, GroupKey.of(), 0, 60_000, TestWindows.counts(spans, errors), state);
        return learner.learn(rule, state, verdict);
    }

    @Test
    void the_first_window_sets_the_mean() {
        BaselineState state = window(null, 1000, 20);

        assertThat(state).isEqualTo(new BaselineState(0.02, 0, 1));
    }

    @Test
    void clear_windows_move_mean_and_deviation_by_alpha() {
        BaselineState state = window(window(null, 1000, 20), 1000, 40);

        assertThat(state.mean()).isCloseTo(0.03, within(1e-12));
        assertThat(state.deviation()).isCloseTo(0.01, within(1e-12));
        assertThat(state.windowsLearned()).isEqualTo(2);
    }

    @Test
    void a_breaching_window_nudges_only_the_mean() {
        BaselineState before = new BaselineState(0.02, 0.002, 30);

        BaselineState after = window(before, 1000, 500);

        // alpha 0.5 × breach weight 0.1 = 0.05 of the way towards 50 %
        assertThat(after.mean()).isCloseTo(0.02 + 0.05 * (0.5 - 0.02), within(1e-12));
        assertThat(after.deviation()).isEqualTo(0.002);
        assertThat(after.windowsLearned()).isEqualTo(31);
    }

    @Test
    void windows_with_too_few_spans_teach_nothing() {
        BaselineState before = new BaselineState(0.02, 0.002, 30);

        assertThat(window(before, 99, 99)).isSameAs(before);
        assertThat(window(null, 99, 0)).isEqualTo(BaselineState.initial());
    }

    @Test
    void rules_without_a_baseline_learn_nothing() {
        Rule errorRate = TestRules.rule("error_rate: { above: 0.1 }");
        Verdict verdict = evaluator.evaluate(errorRate, GroupKey.of(), 0, 60_000, TestWindows.counts(100, 1), null);

        assertThat(learner.learn(errorRate, null, verdict)).isNull();
    }
}
