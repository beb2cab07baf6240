package io.tracepipe.anomaly.rules;

import static io.tracepipe.anomaly.stats.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanStatus;
import io.tracepipe.anomaly.stats.TestSpans;
import org.junit.jupiter.api.Test;

class SpanMatcherTest {

    private static SpanMatcher match(String yaml) {
        return TestRules.rule("match: " + yaml, "error_rate: { above: 0.1 }").matcher();
    }

    @Test
    void without_conditions_every_span_matches() {
        assertThat(SpanMatcher.any().matches(span().build())).isTrue();
        assertThat(match("{}").matches(span().service("anything").build())).isTrue();
    }

    @Test
    void service_and_operation_are_exact_names_or_lists() {
        SpanMatcher one = match("{ service: checkout, operation: POST /checkout }");
        assertThat(one.matches(span().service("checkout").operation("POST /checkout").build())).isTrue();
        assertThat(one.matches(span().service("checkout").operation("POST /checkout/").build())).isFalse();
        assertThat(one.matches(span().service("Checkout").operation("POST /checkout").build())).isFalse();

        SpanMatcher list = match("{ service: [cart, checkout] }");
        assertThat(list.matches(span().service("cart").build())).isTrue();
        assertThat(list.matches(span().service("checkout").build())).isTrue();
        assertThat(list.matches(span().service("payment").build())).isFalse();
    }

    @Test
    void operation_regex_searches_the_span_name() {
        SpanMatcher anchored = match("{ operation_regex: \"^POST \" }");
        assertThat(anchored.matches(span().operation("POST /charge").build())).isTrue();
        assertThat(anchored.matches(span().operation("GET /POST ").build())).isFalse();

        SpanMatcher unanchored = match("{ operation_regex: charge }");
        assertThat(unanchored.matches(span().operation("POST /charge/refund").build())).isTrue();
    }

    @Test
    void kind_and_status() {
        SpanMatcher m = match("{ kind: [server, consumer], status: error }");
        assertThat(m.matches(span().kind(SpanKind.SERVER).error().build())).isTrue();
        assertThat(m.matches(span().kind(SpanKind.CONSUMER).error().build())).isTrue();
        assertThat(m.matches(span().kind(SpanKind.CLIENT).error().build())).isFalse();
        assertThat(m.matches(span().kind(SpanKind.SERVER).status(SpanStatus.OK).build())).isFalse();
        assertThat(match("{ status: unset }").matches(span().status(SpanStatus.UNSET).build())).isTrue();
        assertThat(match("{ status: ok }").matches(span().status(SpanStatus.UNSET).build())).isFalse();
    }

    @Test
    void equals_compares_text_and_numbers_by_value() {
        SpanMatcher env = match("{ attributes: [ { key: env, equals: prod } ] }");
        assertThat(env.matches(span().attr("env", "prod").build())).isTrue();
        assertThat(env.matches(span().attr("env", "production").build())).isFalse();

        SpanMatcher code = match("{ attributes: [ { key: code, equals: 503 } ] }");
        assertThat(code.matches(span().attr("code", 503L).build())).isTrue();
        assertThat(code.matches(span().attr("code", 503.0).build())).isTrue();
        assertThat(code.matches(span().attr("code", "503").build())).isTrue();
        assertThat(code.matches(span().attr("code", 504L).build())).isFalse();

        SpanMatcher flag = match("{ attributes: [ { key: retried, equals: true } ] }");
        assertThat(flag.matches(span().attr("retried", true).build())).isTrue();
        assertThat(flag.matches(span().attr("retried", false).build())).isFalse();
    }

    @Test
    void comparisons_work_on_longs_doubles_and_numeric_strings() {
        SpanMatcher gte = match("{ attributes: [ { key: http.response.status_code, gte: 500 } ] }");
        assertThat(gte.matches(span().attr("http.response.status_code", 500L).build())).isTrue();
        assertThat(gte.matches(span().attr("http.response.status_code", 503L).build())).isTrue();
        assertThat(gte.matches(span().attr("http.response.status_code", 499L).build())).isFalse();
        assertThat(gte.matches(span().attr("http.response.status_code", 500.5).build())).isTrue();
        assertThat(gte.matches(span().attr("http.response.status_code", "502").build())).isTrue();
        assertThat(gte.matches(span().attr("http.response.status_code", "5xx").build())).isFalse();
        assertThat(gte.matches(span().attr("http.response.status_code", true).build())).isFalse();

        TestSpans size = span().attr("size", 0.25);
        assertThat(match("{ attributes: [ { key: size, gt: 0.25 } ] }").matches(size.build())).isFalse();
        assertThat(match("{ attributes: [ { key: size, gte: 0.25 } ] }").matches(size.build())).isTrue();
        assertThat(match("{ attributes: [ { key: size, lt: 0.25 } ] }").matches(size.build())).isFalse();
        assertThat(match("{ attributes: [ { key: size, lte: 0.25 } ] }").matches(size.build())).isTrue();
        assertThat(match("{ attributes: [ { key: size, lt: -1e3 } ] }").matches(span().attr("size", -2000L).build()))
                .isTrue();
    }

    @Test
    void comparisons_of_large_longs_are_exact() {
        // 2^53 + 1 is not a double: compared as doubles it would equal 2^53
        SpanMatcher gt = match("{ attributes: [ { key: n, gt: 9007199254740992 } ] }");
        assertThat(gt.matches(span().attr("n", 9007199254740993L).build())).isTrue();
        assertThat(gt.matches(span().attr("n", 9007199254740992L).build())).isFalse();
    }

    @Test
    void regex_searches_the_value_as_text() {
        SpanMatcher path = match("{ attributes: [ { key: url.path, regex: \"^/api/\" } ] }");
        assertThat(path.matches(span().attr("url.path", "/api/orders").build())).isTrue();
        assertThat(path.matches(span().attr("url.path", "/web/api/").build())).isFalse();
        assertThat(match("{ attributes: [ { key: code, regex: \"^5\" } ] }").matches(span().attr("code", 502L).build()))
                .isTrue();
    }

    @Test
    void a_missing_attribute_never_matches() {
        for (String test : new String[] {"equals: \"\"", "regex: \".*\"", "gt: 0", "gte: 0", "lt: 0", "lte: 0",
            "exists: true"}) {
            SpanMatcher m = match("{ attributes: [ { key: absent, " + test + " } ] }");
            assertThat(m.matches(span().attr("other", 1L).build())).as(test).isFalse();
        }
        assertThat(match("{ attributes: [ { key: present, exists: true } ] }").matches(span().attr("present", "").build()))
                .isTrue();
    }

    @Test
    void every_condition_must_hold() {
        SpanMatcher m = match("{ service: checkout, kind: server, status: error,"
                + " attributes: [ { key: env, equals: prod }, { key: code, gte: 500 } ] }");
        TestSpans all = span().service("checkout").kind(SpanKind.SERVER).error().attr("env", "prod").attr("code", 500L);
        assertThat(m.matches(all.build())).isTrue();
        assertThat(m.matches(all.attr("code", 404L).build())).isFalse();
        assertThat(m.matches(span().service("checkout").kind(SpanKind.SERVER).error().attr("env", "prod").build()))
                .isFalse();
    }
}
