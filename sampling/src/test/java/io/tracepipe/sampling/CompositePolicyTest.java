package io.tracepipe.sampling;

import static io.tracepipe.sampling.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** composite: sub-policies in policy_order, each within its share of the spans per second, over simulated seconds. */
class CompositePolicyTest {

    private static final long T = 1_790_000_000_000L;

    private static final String HALVES = """
            {name: comp, type: composite, composite: {
              max_total_spans_per_second: 100,
              policy_order: [errors, rest],
              composite_sub_policy: [
                {name: errors, type: status_code, status_code: {status_codes: [ERROR]}},
                {name: rest, type: always_sample}],
              rate_allocation: [{policy: errors, percent: 50}, {policy: rest, percent: 50}]}}""";

    private final Policy composite = TestPolicies.policy(HALVES);

    private static CandidateTrace failed(int spans) {
        TestTraces.Builder b = trace();
        for (int i = 0; i < spans; i++) {
            b.span("svc", "op" + i, i, 1).error();
        }
        return b.build();
    }

    @Test
    void eachSubPolicyKeepsAtMostItsShareInASecondAndTheBudgetRenewsTheNextSecond() {
        for (int second = 0; second < 3; second++) {
            Map<String, Integer> keptSpans = new HashMap<>();
            for (int i = 0; i < 40; i++) { // 200 failed and 200 other spans offered per second
                long now = T + second * 1000L + i * 20;
                for (CandidateTrace t : new CandidateTrace[] {failed(5), TestTraces.withSpans(5)}) {
                    PolicyVote d = composite.evaluateNamed(t, now);
                    if (d.vote().samples()) {
                        keptSpans.merge(d.policy(), 5, Integer::sum);
                    }
                }
            }
            assertThat(keptSpans).as("second %d", second)
                    .containsOnly(Map.entry("comp/errors", 50), Map.entry("comp/rest", 50));
        }
    }

    @Test
    void aSubPolicyOverItsShareLetsTheNextOneKeepTheTrace() {
        assertThat(composite.evaluateNamed(failed(50), T)).isEqualTo(new PolicyVote(Vote.SAMPLED, "comp/errors"));
        assertThat(composite.evaluateNamed(failed(10), T + 1)).isEqualTo(new PolicyVote(Vote.SAMPLED, "comp/rest"));
    }

    @Test
    void aTraceNoSubPolicyHasRoomForIsNotSampled() {
        assertThat(composite.evaluateNamed(failed(50), T).policy()).isEqualTo("comp/errors");
        assertThat(composite.evaluateNamed(failed(50), T).policy()).isEqualTo("comp/rest");
        assertThat(composite.evaluateNamed(failed(1), T)).isEqualTo(new PolicyVote(Vote.NOT_SAMPLED, "comp"));
        assertThat(composite.evaluate(failed(1), T + 1000)).isEqualTo(Vote.SAMPLED);
    }

    @Test
    void subPoliciesAreTriedInPolicyOrderNotListOrder() {
        Policy ordered = TestPolicies.policy("""
                {name: comp, type: composite, max_total_spans_per_second: 100, policy_order: [b, a],
                 composite_sub_policy: [{name: a, type: always_sample}, {name: b, type: always_sample}]}""");
        assertThat(ordered.evaluateNamed(TestTraces.withSpans(1), T).policy()).isEqualTo("comp/b");
    }

    @Test
    void subPoliciesWithoutAnAllocationShareTheTotalEquallyAndTheTotalStillCaps() {
        CompositePolicy unallocated = (CompositePolicy) TestPolicies.policy("""
                {name: comp, type: composite, max_total_spans_per_second: 90,
                 composite_sub_policy: [{name: a, type: always_sample}, {name: b, type: always_sample}, {name: c, type: always_sample}],
                 rate_allocation: [{policy: a, percent: 60}, {policy: b, percent: 0}]}""");
        assertThat(unallocated.shares()).extracting(CompositePolicy.Share::spansPerSecond).containsExactly(54L, 30L, 30L);
        long kept = 0;
        for (int i = 0; i < 200; i++) {
            if (unallocated.evaluate(TestTraces.withSpans(1), T).samples()) {
                kept++;
            }
        }
        assertThat(kept).isEqualTo(90); // 54 + 30 + 30 = 114 would exceed the total of 90
    }

    @Test
    void namesEveryDecisionItCanReport() {
        assertThat(composite.voterNames()).containsExactly("comp", "comp/errors", "comp/rest");
    }
}
