package io.tracepipe.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** rate_limiting over simulated time: a burst above the rate is cut, and the budget comes back each second. */
class RateLimitingPolicyTest {

    private static final long T = 1_790_000_000_000L; // a whole second, in epoch milliseconds

    private final Policy limit = TestPolicies.policy("{name: limit, type: rate_limiting, rate_limiting: {spans_per_second: 100}}");

    @Test
    void aBurstAboveTheRateIsCutAtTheRate() {
        int keptSpans = 0;
        for (int i = 0; i < 50; i++) { // 50 traces of 10 spans within one second: 500 spans offered
            if (limit.evaluate(TestTraces.withSpans(10), T + i * 10).samples()) {
                keptSpans += 10;
            }
        }
        assertThat(keptSpans).isEqualTo(100);
    }

    @Test
    void theBudgetRefillsInTheNextSecond() {
        assertThat(limit.evaluate(TestTraces.withSpans(100), T)).isEqualTo(Vote.SAMPLED);
        assertThat(limit.evaluate(TestTraces.withSpans(1), T + 999)).isEqualTo(Vote.NOT_SAMPLED);
        assertThat(limit.evaluate(TestTraces.withSpans(100), T + 1000)).isEqualTo(Vote.SAMPLED);
        assertThat(limit.evaluate(TestTraces.withSpans(1), T + 1999)).isEqualTo(Vote.NOT_SAMPLED);
        assertThat(limit.evaluate(TestTraces.withSpans(1), T + 5000)).isEqualTo(Vote.SAMPLED);
    }

    @Test
    void aTraceTooBigForWhatIsLeftSpendsNothingSoASmallerOneStillFits() {
        assertThat(limit.evaluate(TestTraces.withSpans(90), T)).isEqualTo(Vote.SAMPLED);
        assertThat(limit.evaluate(TestTraces.withSpans(20), T + 1)).isEqualTo(Vote.NOT_SAMPLED);
        assertThat(limit.evaluate(TestTraces.withSpans(10), T + 2)).isEqualTo(Vote.SAMPLED);
        assertThat(limit.evaluate(TestTraces.withSpans(1), T + 3)).isEqualTo(Vote.NOT_SAMPLED);
    }

    @Test
    void aTraceWithMoreSpansThanTheRateIsNeverSampled() {
        assertThat(limit.evaluate(TestTraces.withSpans(101), T)).isEqualTo(Vote.NOT_SAMPLED);
        assertThat(limit.evaluate(TestTraces.withSpans(101), T + 1000)).isEqualTo(Vote.NOT_SAMPLED);
    }

    @Test
    void overTenSimulatedSecondsAtThreeTimesTheRateAboutTheRateIsKept() {
        long keptSpans = 0;
        for (int ms = 0; ms < 10_000; ms += 10) { // 3 spans every 10 ms: 300 spans/s
            if (limit.evaluate(TestTraces.withSpans(3), T + ms).samples()) {
                keptSpans += 3;
            }
        }
        // 33 traces of 3 spans fit each second's 100
        assertThat(keptSpans).isEqualTo(10 * 99);
    }

    @Test
    void eachPolicyInstanceHasItsOwnBudget() {
        Policy other = TestPolicies.policy("{name: limit, type: rate_limiting, rate_limiting: {spans_per_second: 100}}");
        assertThat(limit.evaluate(TestTraces.withSpans(100), T)).isEqualTo(Vote.SAMPLED);
        assertThat(other.evaluate(TestTraces.withSpans(100), T)).isEqualTo(Vote.SAMPLED);
    }
}
