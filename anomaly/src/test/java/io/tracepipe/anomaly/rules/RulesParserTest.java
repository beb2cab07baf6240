package io.tracepipe.anomaly.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.config.ConfigException;
import io.tracepipe.anomaly.model.SpanStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesParserTest {

    private static final String FULL = """
            tracepipe: { note: other sections are not the parser's business }
            rules:
              - name: checkout-errors
                severity: critical
                match:
                  service: checkout
                  operation: POST /checkout
                  kind: server
                  status: error
                  attributes:
                    - { key: http.response.status_code, gte: 500 }
                    - { key: url.path, regex: "^/api/" }
                    - { key: deployment.environment.name, equals: prod }
                group_by: [service, operation]
                max_keys: 500
                window: 1m
                advance: 30s
                min_count: 20
                for: 2
                resolve_after: 3
                repeat_interval: 1h
                labels: { team: payments, tier: "1" }
                annotations: { runbook: "https://runbooks.example/checkout" }
                explain: { attributes: [k8s.pod.name, service.version, tenant.id] }
                error_rate: { above: 5% }
              - name: checkout-latency
                severity: warning
                match:
                  service: [checkout, cart]
                  operation_regex: "^POST "
                  kind: [server, consumer]
                latency: { percentile: p99.9, above: 1s }
              - name: slow-db
                severity: info
                match: { kind: client, attributes: [ { key: db.system, exists: true } ] }
                group_by: [service, db.system]
                window: PT5M
                advance: 1m
                slow_spans: { above: 500ms, fraction: 0.1 }
              - name: slow.count_v2
                severity: info
                slow_spans: { above: 1.5s, count: 10 }
              - name: adaptive-latency
                severity: warning
                baseline: { metric: p95_latency, sensitivity: 2.5, warmup: 20, alpha: 0.1, min_delta: 50ms }
              - name: adaptive-errors
                severity: critical
                group_by: []
                baseline: { metric: error_rate, min_delta: 1% }
            """;

    @Test
    void reads_every_field_of_the_format() {
        List<Rule> rules = RulesParser.parseDocument(FULL);

        assertThat(rules).extracting(Rule::name).containsExactly("checkout-errors", "checkout-latency", "slow-db",
                "slow.count_v2", "adaptive-latency", "adaptive-errors");
        Rule errors = rules.get(0);
        assertThat(errors.severity()).isEqualTo(Severity.CRITICAL);
        SpanMatcher m = errors.matcher();
        assertThat(m.services()).containsExactly("checkout");
        assertThat(m.operations()).containsExactly("POST /checkout");
        assertThat(m.operationPattern()).isNull();
        assertThat(m.kinds()).containsExactly(SpanKind.SERVER);
        assertThat(m.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(m.attributes()).hasSize(3);
        assertThat(m.attributes().get(0)).isEqualTo(new AttributeCondition.Compare("http.response.status_code",
                AttributeCondition.Compare.Comparison.GTE, 500));
        assertThat(m.attributes().get(1)).isInstanceOfSatisfying(AttributeCondition.Regex.class,
                r -> assertThat(r.pattern().pattern()).isEqualTo("^/api/"));
        assertThat(m.attributes().get(2)).isEqualTo(new AttributeCondition.Equals("deployment.environment.name", "prod"));
        assertThat(errors.groupBy()).containsExactly("service", "operation");
        assertThat(errors.maxKeys()).isEqualTo(500);
        assertThat(errors.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(errors.windowAdvance()).isEqualTo(Duration.ofSeconds(30));
        assertThat(errors.minCount()).isEqualTo(20);
        assertThat(errors.forWindows()).isEqualTo(2);
        assertThat(errors.resolveAfterWindows()).isEqualTo(3);
        assertThat(errors.repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(errors.labels()).containsExactly(Map.entry("team", "payments"), Map.entry("tier", "1"));
        assertThat(errors.annotations()).containsExactly(Map.entry("runbook", "https://runbooks.example/checkout"));
        assertThat(errors.explanationKeys()).containsExactly("k8s.pod.name", "service.version", "tenant.id");
        assertThat(errors.condition()).isInstanceOfSatisfying(Condition.ErrorRate.class,
                c -> assertThat(c.above()).isCloseTo(0.05, within(1e-15)));
        assertThat(errors.slowThresholdNanos()).isEqualTo(-1);

        Rule latency = rules.get(1);
        assertThat(latency.matcher().services()).containsExactlyInAnyOrder("checkout", "cart");
        assertThat(latency.matcher().operationPattern().pattern()).isEqualTo("^POST ");
        assertThat(latency.matcher().kinds()).containsExactlyInAnyOrder(SpanKind.SERVER, SpanKind.CONSUMER);
        assertThat(latency.condition()).isEqualTo(new Condition.Latency(Percentile.P99_9, Duration.ofSeconds(1)));

        Rule slowDb = rules.get(2);
        assertThat(slowDb.matcher().attributes()).containsExactly(new AttributeCondition.Exists("db.system"));
        assertThat(slowDb.groupBy()).containsExactly("service", "db.system");
        assertThat(slowDb.window()).isEqualTo(new Windowing(Duration.ofMinutes(5), Duration.ofMinutes(1)));
        assertThat(slowDb.condition()).isEqualTo(
                new Condition.SlowSpans(Duration.ofMillis(500), Condition.SlowSpans.Mode.FRACTION, 0.1));
        assertThat(slowDb.slowThresholdNanos()).isEqualTo(500_000_000L);

        assertThat(rules.get(3).condition()).isEqualTo(
                new Condition.SlowSpans(Duration.ofMillis(1500), Condition.SlowSpans.Mode.COUNT, 10));
        assertThat(rules.get(4).condition()).isEqualTo(
                new Condition.Baseline(BaselineMetric.P95_LATENCY, 2.5, 20, 0.1, 0.05));
        assertThat(rules.get(5).condition()).isEqualTo(
                new Condition.Baseline(BaselineMetric.ERROR_RATE, 3, 10, 0.2, 0.01));
        assertThat(rules.get(5).groupBy()).isEmpty();
    }

    @Test
    void fills_in_the_defaults() {
        Rule rule = RulesParser.parseDocument("""
                rules:
                  - name: minimal
                    severity: info
                    latency: { percentile: p95, above: 250ms }
                """).get(0);

        assertThat(rule.matcher()).isEqualTo(SpanMatcher.any());
        assertThat(rule.groupBy()).containsExactly("service", "operation");
        assertThat(rule.maxKeys()).isEqualTo(1000);
        assertThat(rule.window()).isEqualTo(Windowing.tumbling(Duration.ofMinutes(1)));
        assertThat(rule.minCount()).isEqualTo(10);
        assertThat(rule.forWindows()).isEqualTo(1);
        assertThat(rule.resolveAfterWindows()).isEqualTo(2);
        assertThat(rule.repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(rule.labels()).isEmpty();
        assertThat(rule.annotations()).isEmpty();
        assertThat(rule.explanationKeys()).isEqualTo(ExplanationKeys.DEFAULTS);
    }

    @Test
    void an_empty_list_of_explanation_attributes_turns_the_contrast_off() {
        assertThat(TestRules.rule("explain: { attributes: [] }", "error_rate: { above: 0.1 }").explanationKeys()).isEmpty();
        assertThat(TestRules.rule("explain: {}", "error_rate: { above: 0.1 }").explanationKeys())
                .isEqualTo(ExplanationKeys.DEFAULTS);
    }

    @Test
    void baseline_defaults() {
        Rule rule = TestRules.rule("baseline: { metric: p95_latency }");

        assertThat(rule.condition()).isEqualTo(new Condition.Baseline(BaselineMetric.P95_LATENCY, 3, 10, 0.2, 0));
    }

    @Test
    void merge_keys_share_settings_between_rules() {
        List<Rule> rules = RulesParser.parseDocument("""
                defaults: &defaults
                  severity: warning
                  window: 5m
                  min_count: 50
                rules:
                  - name: a
                    <<: *defaults
                    error_rate: { above: 0.1 }
                  - name: b
                    <<: *defaults
                    min_count: 5
                    error_rate: { above: 0.2 }
                """);

        assertThat(rules).extracting(Rule::windowSize).containsOnly(Duration.ofMinutes(5));
        assertThat(rules).extracting(Rule::minCount).containsExactly(50, 5);
    }

    @Test
    void no_rules_is_no_rules() {
        assertThat(RulesParser.parseDocument("kafka: { bootstrap: localhost:9092 }\n")).isEmpty();
        assertThat(RulesParser.parseDocument("rules:\n")).isEmpty();
        assertThat(RulesParser.parseDocument("rules: []\n")).isEmpty();
        assertThat(RulesParser.parseDocument("")).isEmpty();
        assertThat(RulesParser.parse(null)).isEmpty();
    }

    @Test
    void reports_every_problem_at_once_in_file_order() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RulesParser.parseDocument("""
                rules:
                  - name: first
                    severity: warning
                    for: 0
                    error_rate: { above: 0.1 }
                  - severity: bogus
                    latency: { percentile: p99, above: 1s }
                  - name: fine
                    severity: info
                    error_rate: { above: 0.1 }
                  - name: third
                    severity: info
                    max_keys: many
                    resolve_after: -1
                """));

        assertThat(e.problems()).containsExactly(
                "line 4: rule 'first': for: 0 is below the minimum of 1",
                "line 6: rule #2: name: required",
                "line 6: rule #2: severity: 'bogus' is not one of critical, warning, info",
                "line 11: rule 'third': condition: missing; give exactly one of error_rate, latency, slow_spans, baseline,"
                        + " orphan_rate, skewed_span_rate, retry_rate, attribute_cardinality",
                "line 13: rule 'third': max_keys: 'many' is not a whole number",
                "line 14: rule 'third': resolve_after: -1 is below the minimum of 1");
        assertThat(e.getMessage()).startsWith("invalid rules:\n  line 4: ").contains(e.problems());
    }

    @Test
    void a_single_problem_follows_the_heading() {
        assertThatThrownBy(() -> TestRules.rule("window: soon", "error_rate: { above: 0.1 }"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid rules:\n  line 4: rule 'test': window: 'soon' is not a duration; write e.g. 500ms, 10s, 1m, 1h");
    }

    @Test
    void yaml_syntax_errors_name_their_line() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RulesParser.parseDocument("""
                rules:
                  - name: a
                    severity: [warning
                    error_rate: { above: 0.1 }
                """));

        assertThat(e.problems()).singleElement().asString().matches("line \\d: yaml: .+");
    }
}
