package io.tracepipe.sampling;

import static io.tracepipe.sampling.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tracepipe.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading sampling.policies: every type, both layouts, and every problem with its line, all at once. */
class SamplingPoliciesParserTest {

    private static final long T = 1_790_000_000_000L;

    private static String resource(String name) throws IOException {
        try (InputStream in = SamplingPoliciesParserTest.class.getResourceAsStream("/sampling/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsAnExampleWithEveryPolicyType() throws IOException {
        List<Policy> policies = SamplingPoliciesParser.parseDocument(resource("every-policy.yaml"));
        assertThat(policies).extracting(Policy::name).containsExactly("no-health-checks", "exemplars", "errors", "slow",
                "medium-slow", "baseline", "salted", "vip-tenants", "server-errors", "forced", "big-traces", "gold-tier",
                "not-synthetic", "checkout-rate", "budget", "catch-all-rate", "everything");
        assertThat(policies).extracting(p -> p.getClass().getSimpleName()).containsExactly("DropPolicy",
                "AlertExemplarPolicy", "StatusCodePolicy", "LatencyPolicy", "LatencyPolicy", "ProbabilisticPolicy",
                "ProbabilisticPolicy", "StringAttributePolicy", "NumericAttributePolicy", "BooleanAttributePolicy",
                "SpanCountPolicy", "TraceStatePolicy", "BooleanAttributePolicy", "AndPolicy", "CompositePolicy",
                "RateLimitingPolicy", "AlwaysSamplePolicy");
        CompositePolicy budget = (CompositePolicy) policies.get(14);
        assertThat(budget.shares()).extracting(s -> s.policy().name() + "=" + s.spansPerSecond())
                .containsExactly("slow-ones=400", "everything-else=600");

        Sampler sampler = new Sampler(policies);
        assertThat(sampler.decide(trace().span("a", "GET /healthz", 0, 5000).error().attr("url.path", "/healthz").build(), T))
                .isEqualTo(new SamplingDecision(false, "no-health-checks"));
        assertThat(sampler.decide(trace().span("a", "x", 0, 1).error().build(), T)).isEqualTo(new SamplingDecision(true, "errors"));
        assertThat(sampler.decide(trace().span("a", "x", 0, 1).error().resourceAttr("synthetic", true).build(), T))
                .isEqualTo(new SamplingDecision(false, "not-synthetic"));
    }

    @Test
    void theCollectorLayoutAndTheFlatLayoutMeanTheSame() {
        Policy nested = TestPolicies.policy("{name: p, type: numeric_attribute, numeric_attribute: {key: n, min_value: 5, invert_match: true}}");
        Policy flat = TestPolicies.policy("{name: p, type: numeric_attribute, key: n, min_value: 5, invert_match: true}");
        for (long n = 0; n < 10; n++) {
            CandidateTrace t = trace().span("a", "x", 0, 1).attr("n", n).build();
            assertThat(flat.evaluate(t, T)).isEqualTo(nested.evaluate(t, T));
        }
    }

    @Test
    void anEmptyOrMissingListHasNoPolicies() {
        assertThat(SamplingPoliciesParser.parseDocument("")).isEmpty();
        assertThat(SamplingPoliciesParser.parseDocument("policies:\n")).isEmpty();
        assertThat(SamplingPoliciesParser.parseDocument("policies: []\n")).isEmpty();
        assertThat(SamplingPoliciesParser.parseDocument("kafka: {bootstrap-servers: x}\n")).isEmpty();
        assertThat(SamplingPoliciesParser.parse(null)).isEmpty();
    }

    static Stream<Arguments> brokenPolicies() {
        return Stream.of(
                broken("not a list", """
                        policies:
                          name: a
                        """, "line 2: sampling.policies: expected a list of policies, each starting with '- name: ...'"),
                broken("an entry that is not a mapping", """
                        policies:
                          - always_sample
                        """, "line 2: sampling.policies[1]: expected a mapping with name, type and the type's fields"),
                broken("missing name", """
                        policies:
                          - type: always_sample
                        """, "line 2: sampling.policies[1]: name: required"),
                broken("empty name", """
                        policies:
                          - name:
                            type: always_sample
                        """, "line 2: sampling.policies[1]: name: needs a value"),
                broken("duplicate name", """
                        policies:
                          - name: a
                            type: always_sample
                          - name: a
                            type: alert_exemplar
                        """, "line 4: sampling.policies[2] 'a': name: another policy of this list has this name (line 2);"
                        + " names must be unique"),
                broken("missing type", """
                        policies:
                          - name: a
                        """, "line 2: sampling.policies[1] 'a': type: required"),
                broken("misspelt type", """
                        policies:
                          - name: a
                            type: latncy
                        """, "line 3: sampling.policies[1] 'a': type: unknown policy type 'latncy'; did you mean 'latency'?"),
                broken("unknown type", """
                        policies:
                          - name: a
                            type: ottl_condition
                        """, "line 3: sampling.policies[1] 'a': type: unknown policy type 'ottl_condition'; known types:"
                        + " always_sample, latency, status_code, probabilistic, string_attribute, numeric_attribute,"
                        + " boolean_attribute, span_count, trace_state, rate_limiting, and, composite, drop, alert_exemplar"),
                broken("misspelt field", """
                        policies:
                          - name: a
                            type: latency
                            latency: { threshhold_ms: 5 }
                        """, "line 4: sampling.policies[1] 'a': latency.threshold_ms: required (or threshold as a duration, e.g. 500ms or 2s)",
                        "line 4: sampling.policies[1] 'a': latency.threshhold_ms: unknown field; did you mean 'threshold_ms'?"),
                broken("unknown flat field", """
                        policies:
                          - name: a
                            type: always_sample
                            colour: red
                        """, "line 4: sampling.policies[1] 'a': colour: unknown field; known fields: name, type"),
                broken("another type's block", """
                        policies:
                          - name: a
                            type: status_code
                            latency: { threshold_ms: 5 }
                        """, "line 2: sampling.policies[1] 'a': status_codes: required",
                        "line 4: sampling.policies[1] 'a': latency: holds the fields of a latency policy, but type is 'status_code'"),
                broken("fields beside and under the type's key", """
                        policies:
                          - name: a
                            type: latency
                            threshold_ms: 5
                            latency: { upper_threshold_ms: 9 }
                        """, "line 4: sampling.policies[1] 'a': threshold_ms: belongs under 'latency:' with the other latency"
                        + " fields (or write them all beside name and type, without 'latency:')",
                        "line 5: sampling.policies[1] 'a': latency.threshold_ms: required (or threshold as a duration, e.g. 500ms or 2s)"),
                broken("field given twice", """
                        policies:
                          - name: a
                            type: rate_limiting
                            spans_per_second: 5
                            spans_per_second: 6
                        """, "line 5: sampling.policies[1] 'a': duplicate key spans_per_second (first at line 4)"),
                broken("block that is not a mapping", """
                        policies:
                          - name: a
                            type: latency
                            latency: 500ms
                        """, "line 4: sampling.policies[1] 'a': latency: expected a mapping of the latency fields"
                        + " (threshold_ms, threshold, upper_threshold_ms, upper_threshold)"),
                broken("threshold given twice over", """
                        policies:
                          - name: a
                            type: latency
                            latency: { threshold_ms: 5, threshold: 5ms }
                        """, "line 4: sampling.policies[1] 'a': latency.threshold: give threshold_ms or threshold, not both"),
                broken("upper threshold below the threshold", """
                        policies:
                          - name: a
                            type: latency
                            latency: { threshold: 2s, upper_threshold_ms: 1500 }
                        """, "line 4: sampling.policies[1] 'a': latency.upper_threshold_ms: the upper threshold 1s500ms is below"
                        + " the threshold 2s"),
                broken("not a duration", """
                        policies:
                          - name: a
                            type: latency
                            threshold: fast
                        """, "line 4: sampling.policies[1] 'a': threshold: 'fast' is not a duration; write e.g. 500ms, 10s, 1m, 1h"),
                broken("milliseconds that are not a number", """
                        policies:
                          - name: a
                            type: latency
                            threshold_ms: 1s
                        """, "line 4: sampling.policies[1] 'a': threshold_ms: '1s' is not a whole number"),
                broken("unknown status code", """
                        policies:
                          - name: a
                            type: status_code
                            status_code:
                              status_codes: [EROR, OK]
                        """, "line 5: sampling.policies[1] 'a': status_code.status_codes: 'EROR' is not one of ERROR, OK, UNSET;"
                        + " did you mean 'ERROR'?"),
                broken("empty list", """
                        policies:
                          - name: a
                            type: status_code
                            status_codes: []
                        """, "line 4: sampling.policies[1] 'a': status_codes: must not be empty"),
                broken("percentage above 100", """
                        policies:
                          - name: a
                            type: probabilistic
                            probabilistic: { sampling_percentage: 101 }
                        """, "line 4: sampling.policies[1] 'a': probabilistic.sampling_percentage: 101 is not in [0, 100]"),
                broken("negative percentage", """
                        policies:
                          - name: a
                            type: probabilistic
                            sampling_percentage: -0.5
                        """, "line 4: sampling.policies[1] 'a': sampling_percentage: -0.5 is not in [0, 100]"),
                broken("percentage that is not a number", """
                        policies:
                          - name: a
                            type: probabilistic
                            sampling_percentage: 10%
                        """, "line 4: sampling.policies[1] 'a': sampling_percentage: '10%' is not a number"),
                broken("regex that does not compile", """
                        policies:
                          - name: a
                            type: string_attribute
                            string_attribute:
                              key: url.path
                              values: ["^/api/(v1|v2", "/ok"]
                              enabled_regex_matching: true
                        """, "line 6: sampling.policies[1] 'a': string_attribute.values: '^/api/(v1|v2' is not a regular"
                        + " expression: Unclosed group at index 12"),
                broken("not a boolean", """
                        policies:
                          - name: a
                            type: string_attribute
                            key: k
                            values: [v]
                            invert_match: maybe
                        """, "line 6: sampling.policies[1] 'a': invert_match: 'maybe' is not true or false"),
                broken("minimum above maximum", """
                        policies:
                          - name: a
                            type: numeric_attribute
                            numeric_attribute: { key: k, min_value: 50, max_value: 10 }
                        """, "line 4: sampling.policies[1] 'a': numeric_attribute.max_value: 10 is below min_value 50"),
                broken("no bound at all", """
                        policies:
                          - name: a
                            type: numeric_attribute
                            numeric_attribute: { key: k }
                        """, "line 4: sampling.policies[1] 'a': numeric_attribute.min_value: give min_value, max_value or both"),
                broken("span bounds the wrong way round", """
                        policies:
                          - name: a
                            type: span_count
                            span_count: { min_spans: 10, max_spans: 2 }
                        """, "line 4: sampling.policies[1] 'a': span_count.max_spans: 2 is below min_spans 10"),
                broken("negative span count", """
                        policies:
                          - name: a
                            type: span_count
                            min_spans: -1
                        """, "line 4: sampling.policies[1] 'a': min_spans: -1 is below the minimum of 0"),
                broken("a rate of zero", """
                        policies:
                          - name: a
                            type: rate_limiting
                            rate_limiting: { spans_per_second: 0 }
                        """, "line 4: sampling.policies[1] 'a': rate_limiting.spans_per_second: 0 is below the minimum of 1"),
                broken("boolean without its value", """
                        policies:
                          - name: a
                            type: boolean_attribute
                            boolean_attribute: { key: k }
                        """, "line 4: sampling.policies[1] 'a': boolean_attribute.value: required"),
                broken("trace_state without values", """
                        policies:
                          - name: a
                            type: trace_state
                            trace_state: { key: k, values: }
                        """, "line 4: sampling.policies[1] 'a': trace_state.values: needs a value"),
                broken("a drop inside an and", """
                        policies:
                          - name: a
                            type: and
                            and:
                              and_sub_policy:
                                - name: inner
                                  type: drop
                        """, "line 7: sampling.policies[1].and.and_sub_policy[1] 'inner': type: a drop policy can only be at"
                        + " the top of sampling.policies, not a sub-policy"),
                broken("a broken sub-policy, with its own line", """
                        policies:
                          - name: a
                            type: drop
                            drop_sub_policy:
                              - name: inner
                                type: latency
                                latency:
                                  threshold_ms: 1s
                        """, "line 8: sampling.policies[1].drop_sub_policy[1] 'inner': latency.threshold_ms: '1s' is not a whole number"),
                broken("two sub-policies with one name", """
                        policies:
                          - name: a
                            type: and
                            and_sub_policy:
                              - { name: x, type: always_sample }
                              - { name: x, type: alert_exemplar }
                        """, "line 6: sampling.policies[1].and_sub_policy[2] 'x': name: another policy of this list has this"
                        + " name (line 5); names must be unique"),
                broken("allocations above 100 percent", """
                        policies:
                          - name: a
                            type: composite
                            composite:
                              max_total_spans_per_second: 100
                              composite_sub_policy: [{ name: x, type: always_sample }, { name: y, type: always_sample }]
                              rate_allocation:
                                - { policy: x, percent: 70 }
                                - { policy: y, percent: 50.5 }
                        """, "line 8: sampling.policies[1] 'a': composite.rate_allocation: the percentages add up to 120.5,"
                        + " more than 100"),
                broken("allocation to a sub-policy that does not exist", """
                        policies:
                          - name: a
                            type: composite
                            composite:
                              max_total_spans_per_second: 100
                              composite_sub_policy: [{ name: errors, type: always_sample }]
                              rate_allocation: [{ policy: eror, percent: 10 }, { policy: errors, percent: 110 }]
                        """, "line 7: sampling.policies[1] 'a': composite.rate_allocation[1].policy: 'eror' is not a sub-policy"
                        + " of this composite; did you mean 'errors'?",
                        "line 7: sampling.policies[1] 'a': composite.rate_allocation[2].percent: 110 is not in [0, 100]"),
                broken("a policy order that misses a sub-policy and names another", """
                        policies:
                          - name: a
                            type: composite
                            max_total_spans_per_second: 100
                            policy_order: [x, z]
                            composite_sub_policy: [{ name: x, type: always_sample }, { name: y, type: always_sample }]
                        """, "line 5: sampling.policies[1] 'a': policy_order: 'z' is not a sub-policy of this composite;"
                        + " its sub-policies: x, y"),
                broken("a policy order that misses a sub-policy", """
                        policies:
                          - name: a
                            type: composite
                            max_total_spans_per_second: 100
                            policy_order: [x, x]
                            composite_sub_policy: [{ name: x, type: always_sample }, { name: y, type: always_sample }]
                        """, "line 5: sampling.policies[1] 'a': policy_order: 'x' is listed twice"),
                broken("a composite without its total", """
                        policies:
                          - name: a
                            type: composite
                            composite: { composite_sub_policy: [{ name: x, type: always_sample }] }
                        """, "line 4: sampling.policies[1] 'a': composite.max_total_spans_per_second: required"),
                broken("a policy that holds itself through an alias", """
                        policies:
                          - &p { name: a, type: and, and_sub_policy: [*p] }
                        """, "line 2: sampling.policies[1].and_sub_policy[1]: a policy cannot hold itself (through an alias)"),
                broken("yaml syntax", """
                        policies:
                          - name: a
                           type: always_sample
                        """, "line 3: yaml: expected <block end>, but found '<block mapping start>'"));
    }

    private static Arguments broken(String what, String yaml, String... problems) {
        return Arguments.of(Named.of(what, yaml), List.of(problems));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPolicies")
    void reportsTheProblemWithItsLinePolicyAndField(String yaml, List<String> expected) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> SamplingPoliciesParser.parseDocument(yaml));
        assertThat(e).as("no problem found in%n%s", yaml).isNotNull();
        assertThat(e.problems()).containsExactlyElementsOf(expected);
    }

    @Test
    void reportsEveryProblemAtOnceInFileOrder() {
        String yaml = """
                sampling:
                  policies:
                    - name: slow
                      type: latency
                      latency: { threshold_ms: -5 }
                    - name: slow
                      type: probabilistic
                      probabilistic: { sampling_percentage: 250 }
                    - name: budget
                      type: composite
                      composite:
                        max_total_spans_per_second: 100
                        composite_sub_policy:
                          - { name: errors, type: status_code, status_code: { status_codes: [FAILED] } }
                          - { name: rest, type: alwys_sample }
                        rate_allocation: [{ policy: errors, percent: 80 }, { policy: rest, percent: 30 }]
                    - type: span_count
                      span_count: { min_spans: 3, max_spans: 1, colour: blue }
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> SamplingPoliciesParser.parseDocument(yaml));
        assertThat(e.problems()).containsExactly(
                "line 5: sampling.policies[1] 'slow': latency.threshold_ms: -5 is below the minimum of 0",
                "line 6: sampling.policies[2] 'slow': name: another policy of this list has this name (line 3); names must be unique",
                "line 8: sampling.policies[2] 'slow': probabilistic.sampling_percentage: 250 is not in [0, 100]",
                "line 14: sampling.policies[3].composite.composite_sub_policy[1] 'errors': status_code.status_codes:"
                        + " 'FAILED' is not one of ERROR, OK, UNSET",
                "line 15: sampling.policies[3].composite.composite_sub_policy[2] 'rest': type: unknown policy type"
                        + " 'alwys_sample'; did you mean 'always_sample'?",
                "line 16: sampling.policies[3] 'budget': composite.rate_allocation: the percentages add up to 110, more than 100",
                "line 17: sampling.policies[4]: name: required",
                "line 18: sampling.policies[4]: span_count.max_spans: 1 is below min_spans 3",
                "line 18: sampling.policies[4]: span_count.colour: unknown field; known fields: min_spans, max_spans");
        assertThat(e.getMessage()).startsWith("invalid sampling.policies:\n  line 5: ");
    }

    @Test
    void numbersMayGroupTheirDigitsWithUnderscoresAsInEverySection() {
        Sampler sampler = TestPolicies.sampler("{name: big, type: span_count, min_spans: 1_000}");
        assertThat(sampler.decide(TestTraces.withSpans(1_000), T).keep()).isTrue();
        assertThat(sampler.decide(TestTraces.withSpans(999), T).keep()).isFalse();
    }
}
