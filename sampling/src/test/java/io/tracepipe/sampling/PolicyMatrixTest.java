package io.tracepipe.sampling;

import static io.tracepipe.sampling.Vote.DROPPED;
import static io.tracepipe.sampling.Vote.INVERTED_NOT_SAMPLED;
import static io.tracepipe.sampling.Vote.INVERTED_SAMPLED;
import static io.tracepipe.sampling.Vote.NOT_SAMPLED;
import static io.tracepipe.sampling.Vote.SAMPLED;
import static io.tracepipe.sampling.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Status;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every stateless policy type, sampling and not sampling, inverted where it can be. */
class PolicyMatrixTest {

    private static final String SLOW = "{name: p, type: latency, latency: {threshold_ms: 500}}";
    private static final String BAND = "{name: p, type: latency, latency: {threshold: 100ms, upper_threshold_ms: 1000}}";
    private static final String ERRORS = "{name: p, type: status_code, status_code: {status_codes: [ERROR]}}";
    private static final String ROUTE = "{name: p, type: string_attribute, string_attribute: {key: http.route, values: [/checkout, /cart]}}";
    private static final String ROUTE_REGEX = "{name: p, type: string_attribute, string_attribute: "
            + "{key: url.path, values: ['^/api/', health], enabled_regex_matching: true, cache_max_size: 10}}";
    private static final String NOT_ROUTE = "{name: p, type: string_attribute, string_attribute: {key: http.route, values: [/checkout], invert_match: true}}";
    private static final String HTTP_5XX = "{name: p, type: numeric_attribute, numeric_attribute: {key: http.status_code, min_value: 500, max_value: 599}}";
    private static final String BIG = "{name: p, type: numeric_attribute, numeric_attribute: {key: size, min_value: 10000}}";
    private static final String NOT_5XX = "{name: p, type: numeric_attribute, numeric_attribute: {key: http.status_code, min_value: 500, max_value: 599, invert_match: true}}";
    private static final String FORCED = "{name: p, type: boolean_attribute, boolean_attribute: {key: app.force_sample, value: true}}";
    private static final String NOT_FORCED = "{name: p, type: boolean_attribute, boolean_attribute: {key: app.force_sample, value: true, invert_match: true}}";
    private static final String TWO_OR_THREE = "{name: p, type: span_count, span_count: {min_spans: 2, max_spans: 3}}";
    private static final String AT_MOST_TWO = "{name: p, type: span_count, max_spans: 2}";
    private static final String GOLD = "{name: p, type: trace_state, trace_state: {key: tier, values: [gold, platinum]}}";
    private static final String CHECKOUT_ERRORS = "{name: p, type: and, and: {and_sub_policy: ["
            + "{name: errors, type: status_code, status_code: {status_codes: [ERROR]}},"
            + "{name: checkout, type: string_attribute, string_attribute: {key: service.name, values: [checkout]}}]}}";
    private static final String AND_INVERTED = "{name: p, type: and, and: {and_sub_policy: ["
            + "{name: not-health, type: string_attribute, string_attribute: {key: url.path, values: [/health], invert_match: true}},"
            + "{name: all, type: always_sample}]}}";
    private static final String DROP_HEALTH = "{name: p, type: drop, drop: {drop_sub_policy: ["
            + "{name: health, type: string_attribute, string_attribute: {key: url.path, values: ['^/health'], enabled_regex_matching: true}}]}}";

    static Stream<Arguments> matrix() {
        return Stream.of(
                row("always_sample keeps any trace", "{name: p, type: always_sample}", trace().span("a", "x", 0, 1), SAMPLED),
                row("always_sample written flat with an empty block", "{name: p, type: always_sample, always_sample: }",
                        trace().span("a", "x", 0, 1), SAMPLED),

                row("alert_exemplar keeps an exemplar candidate", "{name: p, type: alert_exemplar}",
                        trace().span("a", "x", 0, 1).exemplarCandidate(), SAMPLED),
                row("alert_exemplar ignores other traces", "{name: p, type: alert_exemplar}", trace().span("a", "x", 0, 1), NOT_SAMPLED),

                row("latency keeps a trace exactly at the threshold", SLOW, trace().span("a", "x", 0, 500), SAMPLED),
                row("latency ignores a trace just below it", SLOW, trace().span("a", "x", 0, 499), NOT_SAMPLED),
                row("latency measures from the earliest start to the latest end, gaps included", SLOW,
                        trace().span("a", "x", 0, 100).span("b", "y", 400, 100), SAMPLED),
                row("latency band keeps a trace at its upper bound", BAND, trace().span("a", "x", 0, 1000), SAMPLED),
                row("latency band ignores a trace above its upper bound", BAND, trace().span("a", "x", 0, 1001), NOT_SAMPLED),
                row("latency band ignores a trace below its threshold", BAND, trace().span("a", "x", 0, 99), NOT_SAMPLED),
                row("latency takes a duration threshold", "{name: p, type: latency, threshold: 1.5s}",
                        trace().span("a", "x", 0, 1500), SAMPLED),

                row("status_code keeps a trace with one failed span", ERRORS,
                        trace().span("a", "x", 0, 5).status(Status.StatusCode.STATUS_CODE_OK).span("b", "y", 1, 2).error(), SAMPLED),
                row("status_code ignores a trace without that status", ERRORS,
                        trace().span("a", "x", 0, 5).status(Status.StatusCode.STATUS_CODE_OK), NOT_SAMPLED),
                row("status_code UNSET matches a span without a status",
                        "{name: p, type: status_code, status_code: {status_codes: [unset]}}", trace().span("a", "x", 0, 5), SAMPLED),

                row("probabilistic at 100% keeps a trace", "{name: p, type: probabilistic, probabilistic: {sampling_percentage: 100}}",
                        trace().span("a", "x", 0, 1), SAMPLED),
                row("probabilistic at 0% keeps none", "{name: p, type: probabilistic, probabilistic: {sampling_percentage: 0}}",
                        trace().span("a", "x", 0, 1), NOT_SAMPLED),

                row("string_attribute matches a span attribute", ROUTE, trace().span("a", "x", 0, 1).span("b", "y", 0, 1).attr("http.route", "/cart"), SAMPLED),
                row("string_attribute matches a resource attribute", ROUTE, trace().span("a", "x", 0, 1).resourceAttr("http.route", "/checkout"), SAMPLED),
                row("string_attribute ignores other values", ROUTE, trace().span("a", "x", 0, 1).attr("http.route", "/checkout/2"), NOT_SAMPLED),
                row("string_attribute ignores a non-string value", "{name: p, type: string_attribute, string_attribute: {key: code, values: ['200']}}",
                        trace().span("a", "x", 0, 1).attr("code", 200L), NOT_SAMPLED),
                row("string_attribute regex is found anywhere in the value", ROUTE_REGEX, trace().span("a", "x", 0, 1).attr("url.path", "/healthz"), SAMPLED),
                row("string_attribute regex honours its anchors", ROUTE_REGEX, trace().span("a", "x", 0, 1).attr("url.path", "/web/api/"), NOT_SAMPLED),
                row("string_attribute inverted finds the excluded value", NOT_ROUTE, trace().span("a", "x", 0, 1).attr("http.route", "/checkout"), INVERTED_NOT_SAMPLED),
                row("string_attribute inverted without the value", NOT_ROUTE, trace().span("a", "x", 0, 1).attr("http.route", "/cart"), INVERTED_SAMPLED),
                row("string_attribute inverted without the key", NOT_ROUTE, trace().span("a", "x", 0, 1), INVERTED_SAMPLED),

                row("numeric_attribute keeps a value in range", HTTP_5XX, trace().span("a", "x", 0, 1).attr("http.status_code", 503L), SAMPLED),
                row("numeric_attribute range is inclusive at the bottom", HTTP_5XX, trace().span("a", "x", 0, 1).attr("http.status_code", 500L), SAMPLED),
                row("numeric_attribute range is inclusive at the top", HTTP_5XX, trace().span("a", "x", 0, 1).attr("http.status_code", 599L), SAMPLED),
                row("numeric_attribute ignores a value out of range", HTTP_5XX, trace().span("a", "x", 0, 1).attr("http.status_code", 404L), NOT_SAMPLED),
                row("numeric_attribute compares doubles too", HTTP_5XX, trace().span("a", "x", 0, 1).attr("http.status_code", 550.5), SAMPLED),
                row("numeric_attribute ignores a number written as text", HTTP_5XX, trace().span("a", "x", 0, 1).attr("http.status_code", "503"), NOT_SAMPLED),
                row("numeric_attribute with only a minimum", BIG, trace().span("a", "x", 0, 1).resourceAttr("size", Long.MAX_VALUE), SAMPLED),
                row("numeric_attribute inverted finds the excluded value", NOT_5XX, trace().span("a", "x", 0, 1).attr("http.status_code", 502L), INVERTED_NOT_SAMPLED),
                row("numeric_attribute inverted without it", NOT_5XX, trace().span("a", "x", 0, 1).attr("http.status_code", 200L), INVERTED_SAMPLED),

                row("boolean_attribute keeps the given value", FORCED, trace().span("a", "x", 0, 1).attr("app.force_sample", true), SAMPLED),
                row("boolean_attribute reads resources too", FORCED, trace().span("a", "x", 0, 1).resourceAttr("app.force_sample", true), SAMPLED),
                row("boolean_attribute ignores the other value", FORCED, trace().span("a", "x", 0, 1).attr("app.force_sample", false), NOT_SAMPLED),
                row("boolean_attribute ignores text", FORCED, trace().span("a", "x", 0, 1).attr("app.force_sample", "true"), NOT_SAMPLED),
                row("boolean_attribute inverted finds the excluded value", NOT_FORCED, trace().span("a", "x", 0, 1).attr("app.force_sample", true), INVERTED_NOT_SAMPLED),
                row("boolean_attribute inverted without it", NOT_FORCED, trace().span("a", "x", 0, 1), INVERTED_SAMPLED),

                row("span_count below the minimum", TWO_OR_THREE, trace().span("a", "x", 0, 1), NOT_SAMPLED),
                row("span_count at the minimum", TWO_OR_THREE, trace().span("a", "x", 0, 1).span("a", "y", 0, 1), SAMPLED),
                row("span_count at the maximum", TWO_OR_THREE, trace().span("a", "x", 0, 1).span("a", "y", 0, 1).span("b", "z", 0, 1), SAMPLED),
                row("span_count above the maximum", TWO_OR_THREE,
                        trace().span("a", "x", 0, 1).span("a", "y", 0, 1).span("b", "z", 0, 1).span("b", "w", 0, 1), NOT_SAMPLED),
                row("span_count with only a maximum, written flat", AT_MOST_TWO, trace().span("a", "x", 0, 1), SAMPLED),

                row("trace_state keeps a listed value", GOLD, trace().span("a", "x", 0, 1).traceState("tier=gold"), SAMPLED),
                row("trace_state reads every member, spaces allowed", GOLD,
                        trace().span("a", "x", 0, 1).span("b", "y", 0, 1).traceState("congo=t61rcWkgMzE , tier=platinum"), SAMPLED),
                row("trace_state ignores other values", GOLD, trace().span("a", "x", 0, 1).traceState("tier=silver,gold=tier"), NOT_SAMPLED),
                row("trace_state ignores spans without it", GOLD, trace().span("a", "x", 0, 1), NOT_SAMPLED),

                row("and keeps a trace every sub-policy samples", CHECKOUT_ERRORS, trace().span("checkout", "x", 0, 1).error(), SAMPLED),
                row("and ignores a trace one sub-policy does not sample", CHECKOUT_ERRORS, trace().span("cart", "x", 0, 1).error(), NOT_SAMPLED),
                row("and counts an inverted sampled sub-decision as sampled", AND_INVERTED, trace().span("a", "x", 0, 1).attr("url.path", "/cart"), SAMPLED),
                row("and turns an inverted not-sampled sub-decision into plain not sampled", AND_INVERTED,
                        trace().span("a", "x", 0, 1).attr("url.path", "/health"), NOT_SAMPLED),

                row("drop drops a trace all its sub-policies match", DROP_HEALTH, trace().span("a", "x", 0, 1).attr("url.path", "/healthz"), DROPPED),
                row("drop says not sampled otherwise", DROP_HEALTH, trace().span("a", "x", 0, 1).attr("url.path", "/cart"), NOT_SAMPLED));
    }

    private static Arguments row(String behaviour, String policy, TestTraces.Builder trace, Vote expected) {
        return Arguments.of(Named.of(behaviour, policy), trace.build(), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void policyDecides(String policy, CandidateTrace trace, Vote expected) {
        assertThat(TestPolicies.policy(policy).evaluate(trace, 0L)).isEqualTo(expected);
    }
}
