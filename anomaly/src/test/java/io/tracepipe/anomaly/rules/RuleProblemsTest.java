package io.tracepipe.anomaly.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tracepipe.config.ConfigException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of problem in a rules file, each with the line, rule and field it names. */
class RuleProblemsTest {

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                broken("missing name", """
                        rules:
                          - severity: warning
                            error_rate: { above: 0.1 }
                        """, "line 2: rule #1: name: required"),
                broken("invalid name", """
                        rules:
                          - name: "bad name!"
                            severity: warning
                            error_rate: { above: 0.1 }
                        """, "line 2: rule #1: name: 'bad name!' may only hold letters, digits, '_', '.' and '-'"),
                broken("duplicate name", """
                        rules:
                          - name: a
                            severity: warning
                            error_rate: { above: 0.1 }
                          - name: a
                            severity: info
                            error_rate: { above: 0.2 }
                        """, "line 5: rule 'a': name: duplicate rule name, first defined on line 2"),
                broken("explanation key listed twice", """
                        rules:
                          - name: a
                            severity: info
                            explain:
                              attributes: [k8s.pod.name, host.name, k8s.pod.name]
                            error_rate: { above: 0.1 }
                        """, "line 5: rule 'a': explain.attributes: 'k8s.pod.name' is listed twice"),
                broken("unknown explain field", """
                        rules:
                          - name: a
                            severity: info
                            explain: { atributes: [k8s.pod.name] }
                            error_rate: { above: 0.1 }
                        """, "line 4: rule 'a': explain.atributes: unknown field; did you mean 'attributes'?"),
                broken("missing severity", """
                        rules:
                          - name: a
                            error_rate: { above: 0.1 }
                        """, "line 2: rule 'a': severity: required"),
                broken("unknown severity", """
                        rules:
                          - name: a
                            severity: urgent
                            error_rate: { above: 0.1 }
                        """, "line 3: rule 'a': severity: 'urgent' is not one of critical, warning, info"),
                broken("misspelt field", """
                        rules:
                          - name: a
                            severity: info
                            windw: 1m
                            error_rate: { above: 0.1 }
                        """, "line 4: rule 'a': windw: unknown field; did you mean 'window'?"),
                broken("unknown field", """
                        rules:
                          - name: a
                            severity: info
                            colour: red
                            error_rate: { above: 0.1 }
                        """, "line 4: rule 'a': colour: unknown field; known fields: name, severity, match, group_by,"
                        + " max_keys, window, advance, min_count, for, resolve_after, repeat_interval, labels,"
                        + " annotations, explain, error_rate, latency, slow_spans, baseline, orphan_rate, skewed_span_rate,"
                        + " retry_rate, attribute_cardinality"),
                broken("unknown field in match", """
                        rules:
                          - name: a
                            severity: info
                            match:
                              servise: cart
                            error_rate: { above: 0.1 }
                        """, "line 5: rule 'a': match.servise: unknown field; did you mean 'service'?"),
                broken("field given twice", """
                        rules:
                          - name: a
                            severity: warning
                            severity: info
                            error_rate: { above: 0.1 }
                        """, "line 4: rule 'a': duplicate key severity (first at line 3)"),
                broken("empty value", """
                        rules:
                          - name: a
                            severity: info
                            window:
                            error_rate: { above: 0.1 }
                        """, "line 4: rule 'a': window: needs a value"),
                broken("no condition", """
                        rules:
                          - name: a
                            severity: info
                        """, "line 2: rule 'a': condition: missing; give exactly one of error_rate, latency, slow_spans,"
                        + " baseline, orphan_rate, skewed_span_rate, retry_rate, attribute_cardinality"),
                broken("orphan rate above one", """
                        rules:
                          - name: a
                            severity: info
                            orphan_rate: { above: 2 }
                        """, "line 4: rule 'a': orphan_rate.above: '2' is not a fraction in (0, 1]; write e.g. 0.05 or 5%"),
                broken("attribute cardinality without key", """
                        rules:
                          - name: a
                            severity: info
                            attribute_cardinality: { above: 10000 }
                        """, "line 4: rule 'a': attribute_cardinality.key: required"),
                broken("two conditions", """
                        rules:
                          - name: a
                            severity: info
                            error_rate: { above: 0.1 }
                            latency: { percentile: p99, above: 1s }
                        """, "line 5: rule 'a': latency: a rule has exactly one condition, and 'error_rate' is already"
                        + " given"),
                broken("condition not a mapping", """
                        rules:
                          - name: a
                            severity: info
                            error_rate: 0.1
                        """, "line 4: rule 'a': error_rate: expected a mapping, e.g. { above: 0.05 }"),
                broken("error rate above one", """
                        rules:
                          - name: a
                            severity: info
                            error_rate: { above: 1.5 }
                        """, "line 4: rule 'a': error_rate.above: '1.5' is not a fraction in (0, 1]; write e.g. 0.05 or 5%"),
                broken("error rate of zero", """
                        rules:
                          - name: a
                            severity: info
                            error_rate: { above: 0% }
                        """, "line 4: rule 'a': error_rate.above: '0%' is not a fraction in (0, 1]; write e.g. 0.05 or 5%"),
                broken("error rate without its bound", """
                        rules:
                          - name: a
                            severity: info
                            error_rate: {}
                        """, "line 4: rule 'a': error_rate.above: required"),
                broken("unknown percentile", """
                        rules:
                          - name: a
                            severity: info
                            latency: { percentile: p98, above: 1s }
                        """, "line 4: rule 'a': latency.percentile: 'p98' is not one of p50, p75, p90, p95, p99, p99.9, max"),
                broken("duration without unit", """
                        rules:
                          - name: a
                            severity: info
                            latency: { percentile: p99, above: 1 }
                        """, "line 4: rule 'a': latency.above: '1' is not a duration; write e.g. 500ms, 10s, 1m, 1h"),
                broken("zero duration", """
                        rules:
                          - name: a
                            severity: info
                            latency: { percentile: p99, above: 0s }
                        """, "line 4: rule 'a': latency.above: must be longer than zero"),
                broken("slow spans with count and fraction", """
                        rules:
                          - name: a
                            severity: info
                            slow_spans: { above: 1s, count: 3, fraction: 0.1 }
                        """, "line 4: rule 'a': slow_spans.fraction: give exactly one of count (more than N slow spans)"
                        + " or fraction (more than this share of spans)"),
                broken("slow spans with neither", """
                        rules:
                          - name: a
                            severity: info
                            slow_spans:
                              above: 1s
                        """, "line 5: rule 'a': slow_spans: give exactly one of count (more than N slow spans)"
                        + " or fraction (more than this share of spans)"),
                broken("baseline without metric", """
                        rules:
                          - name: a
                            severity: info
                            baseline: { sensitivity: 2 }
                        """, "line 4: rule 'a': baseline.metric: required"),
                broken("baseline alpha of zero", """
                        rules:
                          - name: a
                            severity: info
                            baseline: { metric: p95_latency, alpha: 0 }
                        """, "line 4: rule 'a': baseline.alpha: must be in (0, 1]: the weight of each new window"),
                broken("baseline sensitivity of zero", """
                        rules:
                          - name: a
                            severity: info
                            baseline: { metric: p95_latency, sensitivity: 0 }
                        """, "line 4: rule 'a': baseline.sensitivity: must be > 0"),
                broken("baseline min_delta in the wrong unit", """
                        rules:
                          - name: a
                            severity: info
                            baseline: { metric: error_rate, min_delta: 50ms }
                        """, "line 4: rule 'a': baseline.min_delta: '50ms' is not a fraction in [0, 1]; write e.g. 0.05 or 5%"),
                broken("advance not dividing the window", """
                        rules:
                          - name: a
                            severity: info
                            window: 1m
                            advance: 25s
                            error_rate: { above: 0.1 }
                        """, "line 5: rule 'a': advance: 25s does not divide the window 1m"),
                broken("advance longer than the window", """
                        rules:
                          - name: a
                            severity: info
                            window: 30s
                            advance: 1m
                            error_rate: { above: 0.1 }
                        """, "line 5: rule 'a': advance: 1m is longer than the window 30s"),
                broken("window finer than a millisecond", """
                        rules:
                          - name: a
                            severity: info
                            window: 1500us
                            error_rate: { above: 0.1 }
                        """, "line 4: rule 'a': window: must be a whole number of milliseconds"),
                broken("min_count of zero", """
                        rules:
                          - name: a
                            severity: info
                            min_count: 0
                            error_rate: { above: 0.1 }
                        """, "line 4: rule 'a': min_count: 0 is below the minimum of 1"),
                broken("two tests on one attribute", """
                        rules:
                          - name: a
                            severity: info
                            match:
                              attributes:
                                - { key: x, gt: 1, lt: 5 }
                            error_rate: { above: 0.1 }
                        """, "line 6: rule 'a': match.attributes[1].lt: give exactly one test per attribute, 'gt' is"
                        + " already given"),
                broken("no test on an attribute", """
                        rules:
                          - name: a
                            severity: info
                            match:
                              attributes:
                                - { key: x }
                            error_rate: { above: 0.1 }
                        """, "line 6: rule 'a': match.attributes[1]: needs exactly one of equals, regex, gt, gte, lt,"
                        + " lte, exists"),
                broken("attribute without key", """
                        rules:
                          - name: a
                            severity: info
                            match:
                              attributes:
                                - { equals: x }
                            error_rate: { above: 0.1 }
                        """, "line 6: rule 'a': match.attributes[1].key: required"),
                broken("invalid regex", """
                        rules:
                          - name: a
                            severity: info
                            match:
                              attributes:
                                - { key: x, equals: y }
                                - { key: x, regex: "a(b" }
                            error_rate: { above: 0.1 }
                        """, "line 7: rule 'a': match.attributes[2].regex: 'a(b' is not a regular expression: Unclosed"
                        + " group at index 3"),
                broken("non-numeric comparison", """
                        rules:
                          - name: a
                            severity: info
                            match:
                              attributes: [ { key: x, gte: lots } ]
                            error_rate: { above: 0.1 }
                        """, "line 5: rule 'a': match.attributes[1].gte: 'lots' is not a number"),
                broken("exists false", """
                        rules:
                          - name: a
                            severity: info
                            match:
                              attributes: [ { key: x, exists: false } ]
                            error_rate: { above: 0.1 }
                        """, "line 5: rule 'a': match.attributes[1].exists: only 'exists: true' is supported (a missing"
                        + " attribute never matches)"),
                broken("unknown kind", """
                        rules:
                          - name: a
                            severity: info
                            match:
                              kind: [server, proxy]
                            error_rate: { above: 0.1 }
                        """, "line 5: rule 'a': match.kind: 'proxy' is not one of internal, server, client, producer,"
                        + " consumer"),
                broken("unknown status", """
                        rules:
                          - name: a
                            severity: info
                            match: { status: failed }
                            error_rate: { above: 0.1 }
                        """, "line 4: rule 'a': match.status: 'failed' is not one of unset, ok, error"),
                broken("operation and operation_regex", """
                        rules:
                          - name: a
                            severity: info
                            match:
                              operation: GET /
                              operation_regex: ^GET
                            error_rate: { above: 0.1 }
                        """, "line 6: rule 'a': match.operation_regex: give either operation or operation_regex, not both"),
                broken("empty service list", """
                        rules:
                          - name: a
                            severity: info
                            match: { service: [] }
                            error_rate: { above: 0.1 }
                        """, "line 4: rule 'a': match.service: must not be empty"),
                broken("group_by naming a key twice", """
                        rules:
                          - name: a
                            severity: info
                            group_by: [service, service]
                            error_rate: { above: 0.1 }
                        """, "line 4: rule 'a': group_by: 'service' is listed twice"),
                broken("labels not a mapping", """
                        rules:
                          - name: a
                            severity: info
                            labels: [team]
                            error_rate: { above: 0.1 }
                        """, "line 4: rule 'a': labels: expected a mapping of names to text, e.g. { team: payments }"),
                broken("label hidden by the group key", """
                        rules:
                          - name: a
                            severity: info
                            labels:
                              team: payments
                              service: checkout
                            error_rate: { above: 0.1 }
                        """, "line 6: rule 'a': labels.service: is also a group_by key; the group key would hide it"),
                broken("rules not a list", """
                        rules: { name: a }
                        """, "line 1: rules: expected a list of rules, each starting with '- name: ...'"),
                broken("rule not a mapping", """
                        rules:
                          - checkout-errors
                        """, "line 2: rule #1: expected a mapping of fields (name, severity, a condition, ...)"));
    }

    private static Arguments broken(String what, String yaml, String problem) {
        return Arguments.of(Named.of(what, yaml), problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void names_the_line_rule_and_field(String yaml, String expectedProblem) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RulesParser.parseDocument(yaml));

        assertThat(e).as("rules accepted:%n%s", yaml).isNotNull();
        assertThat(e.problems()).containsExactly(expectedProblem);
    }
}
