package io.tracepipe.sampling;

import static io.tracepipe.sampling.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampler's precedence between policies, and the names it reports. */
class SamplerTest {

    private static final long T = 1_790_000_000_000L;

    private static final String ALWAYS = "{name: everything, type: always_sample}";
    private static final String ERRORS = "{name: errors, type: status_code, status_code: {status_codes: [ERROR]}}";
    private static final String SLOW = "{name: slow, type: latency, latency: {threshold_ms: 1000}}";
    private static final String EXEMPLARS = "{name: exemplars, type: alert_exemplar}";
    private static final String DROP_HEALTH = "{name: no-health, type: drop, drop: {drop_sub_policy: ["
            + "{name: health, type: string_attribute, string_attribute: {key: url.path, values: [/health]}}]}}";
    private static final String NOT_DEBUG = "{name: not-debug, type: boolean_attribute, "
            + "boolean_attribute: {key: debug, value: true, invert_match: true}}";

    private static final CandidateTrace HEALTH_ERROR_EXEMPLAR =
            trace().span("a", "GET /health", 0, 5000).error().attr("url.path", "/health").exemplarCandidate().build();

    @Test
    void theFirstPolicyInConfigurationOrderThatSamplesNamesTheDecision() {
        Sampler sampler = TestPolicies.sampler(SLOW, ERRORS, ALWAYS);
        assertThat(sampler.decide(trace().span("a", "x", 0, 10).error().build(), T))
                .isEqualTo(new SamplingDecision(true, "errors"));
        assertThat(sampler.decide(trace().span("a", "x", 0, 2000).error().build(), T))
                .isEqualTo(new SamplingDecision(true, "slow"));
        assertThat(sampler.decide(trace().span("a", "x", 0, 10).build(), T))
                .isEqualTo(new SamplingDecision(true, "everything"));
    }

    @Test
    void aTraceNoPolicySamplesIsNotKept() {
        assertThat(TestPolicies.sampler(SLOW, ERRORS).decide(trace().span("a", "x", 0, 10).build(), T))
                .isEqualTo(new SamplingDecision(false, SamplingDecision.NO_POLICY_MATCHED));
    }

    @Test
    void dropWinsOverEverythingEvenAlwaysSampleAndAlertExemplars() {
        Sampler sampler = TestPolicies.sampler(ALWAYS, EXEMPLARS, ERRORS, SLOW, DROP_HEALTH);
        assertThat(sampler.decide(HEALTH_ERROR_EXEMPLAR, T)).isEqualTo(new SamplingDecision(false, "no-health"));
    }

    @Test
    void dropPoliciesAreEvaluatedFirstSoBudgetsAreNotSpentOnDroppedTraces() {
        Sampler sampler = TestPolicies.sampler(
                "{name: limit, type: rate_limiting, rate_limiting: {spans_per_second: 1}}", DROP_HEALTH);
        assertThat(sampler.decide(HEALTH_ERROR_EXEMPLAR, T).policy()).isEqualTo("no-health");
        assertThat(sampler.decide(trace().span("a", "x", 0, 1).build(), T)).isEqualTo(new SamplingDecision(true, "limit"));
    }

    @Test
    void aDropPolicyThatDoesNotMatchChangesNothing() {
        Sampler sampler = TestPolicies.sampler(DROP_HEALTH, NOT_DEBUG);
        assertThat(sampler.decide(trace().span("a", "x", 0, 1).build(), T)).isEqualTo(new SamplingDecision(true, "not-debug"));
    }

    @Test
    void anInvertedNotSampledDecisionWinsOverSampled() {
        Sampler sampler = TestPolicies.sampler(ALWAYS, ERRORS, NOT_DEBUG);
        assertThat(sampler.decide(trace().span("a", "x", 0, 1).error().attr("debug", true).build(), T))
                .isEqualTo(new SamplingDecision(false, "not-debug"));
    }

    @Test
    void anInvertedSampledDecisionKeepsATraceOnlyWhenNoPolicySaidNotSampled() {
        CandidateTrace plain = trace().span("a", "x", 0, 1).build();
        assertThat(TestPolicies.sampler(NOT_DEBUG).decide(plain, T)).isEqualTo(new SamplingDecision(true, "not-debug"));
        assertThat(TestPolicies.sampler(NOT_DEBUG, ERRORS).decide(plain, T))
                .isEqualTo(new SamplingDecision(false, SamplingDecision.NO_POLICY_MATCHED));
    }

    @Test
    void aSampledDecisionIsNamedBeforeAnInvertedSampledOne() {
        CandidateTrace failed = trace().span("a", "x", 0, 1).error().build();
        assertThat(TestPolicies.sampler(NOT_DEBUG, ERRORS).decide(failed, T)).isEqualTo(new SamplingDecision(true, "errors"));
    }

    @Test
    void anAlertExemplarIsKeptWhenNothingElseWantsIt() {
        Sampler sampler = TestPolicies.sampler(ERRORS, EXEMPLARS);
        assertThat(sampler.decide(trace().span("a", "x", 0, 1).exemplarCandidate().build(), T))
                .isEqualTo(new SamplingDecision(true, "exemplars"));
    }

    @Test
    void aCompositeNamesTheSubPolicyThatKeptTheTrace() {
        Sampler sampler = TestPolicies.sampler("""
                {name: budget, type: composite, composite: {max_total_spans_per_second: 10,
                  composite_sub_policy: [{name: errors, type: status_code, status_codes: [ERROR]}, {name: rest, type: always_sample}]}}""");
        assertThat(sampler.decide(trace().span("a", "x", 0, 1).error().build(), T)).isEqualTo(new SamplingDecision(true, "budget/errors"));
        assertThat(sampler.decide(trace().span("a", "x", 0, 1).build(), T)).isEqualTo(new SamplingDecision(true, "budget/rest"));
    }

    @Test
    void exposesThePolicyNamesAndEveryNameAResultCanCarry() {
        Sampler sampler = TestPolicies.sampler(ERRORS, DROP_HEALTH,
                "{name: budget, type: composite, max_total_spans_per_second: 10, composite_sub_policy: [{name: rest, type: always_sample}]}");
        assertThat(sampler.policyNames()).containsExactly("errors", "no-health", "budget");
        assertThat(sampler.decisionNames())
                .containsExactly("errors", "no-health", "budget", "budget/rest", SamplingDecision.NO_POLICY_MATCHED);
    }

    @Test
    void withoutPoliciesNothingIsKept() {
        assertThat(new Sampler(List.of()).decide(trace().span("a", "x", 0, 1).build(), T))
                .isEqualTo(new SamplingDecision(false, SamplingDecision.NO_POLICY_MATCHED));
    }

    @Test
    void refusesTwoPoliciesWithOneName() {
        List<Policy> twins = List.of(new AlwaysSamplePolicy("a"), new AlertExemplarPolicy("a"));
        assertThatThrownBy(() -> new Sampler(twins)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
    }
}
