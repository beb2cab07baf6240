package io.tracepipe.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.config.ConfigException;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.topology.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static TracepipeConfig parse(String yaml) {
        return ConfigLoader.parse("test.yaml", yaml, Map.of());
    }

    @Test
    void emptyFileGivesDefaultsThatRun() {
        TracepipeConfig c = parse("");
        assertThat(c.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.kafka().processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(c.topics().names()).isEqualTo(Topics.DEFAULTS);
        assertThat(c.encoding()).isEqualTo(Encoding.OTLP_PROTO);
        assertThat(c.assembly().inactivityGap()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.assembly().maxTraceDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.assembly().maxSpansPerTrace()).isEqualTo(10_000);
        assertThat(c.assembly().idlePartitionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.assembly().maxPartitionLag()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.kafka().groupInstanceId()).isEqualTo("auto");
    }

    @Test
    void aQuietPartitionIsWaitedForOneGapUnlessSaidOtherwise() {
        assertThat(parse("assembly:\n  inactivity-gap: 3s\n").assembly().idlePartitionTimeout()).isEqualTo(Duration.ofSeconds(3));
        TracepipeConfig c = parse("assembly:\n  idle-partition-timeout: 1s\n  max-partition-lag: 90s\n");
        assertThat(c.assembly().idlePartitionTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.assembly().maxPartitionLag()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void readsEverySection() {
        TracepipeConfig c = parse("""
                kafka:
                  bootstrap-servers: broker-1:9093,broker-2:9093
                  application-id: traces-eu
                  processing-guarantee: at_least_once
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                topics:
                  input: spans
                  partitions: 12
                  replication-factor: 3
                ingest:
                  encoding: auto
                assembly:
                  inactivity-gap: 15s
                  max-trace-duration: 2m
                  max-spans-per-trace: 500
                """);
        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker-1:9093,broker-2:9093");
        assertThat(c.kafka().applicationId()).isEqualTo("traces-eu");
        assertThat(c.kafka().processingGuarantee()).isEqualTo("at_least_once");
        assertThat(c.kafka().properties()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(c.topics().names().input()).isEqualTo("spans");
        assertThat(c.topics().names().sampledTraces()).isEqualTo(Topics.DEFAULT_SAMPLED_TRACES);
        assertThat(c.topics().partitions()).isEqualTo(12);
        assertThat(c.topics().replicationFactor()).isEqualTo((short) 3);
        assertThat(c.encoding()).isEqualTo(Encoding.AUTO);
        assertThat(c.assembly().inactivityGap()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.assembly().maxTraceDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.assembly().maxSpansPerTrace()).isEqualTo(500);
    }

    @Test
    void environmentOverridesAScalar() {
        TracepipeConfig c = ConfigLoader.parse("test.yaml", "assembly:\n  inactivity-gap: 10s\n",
                Map.of("TRACEPIPE_ASSEMBLY_INACTIVITY_GAP", "15s", "TRACEPIPE_KAFKA_BOOTSTRAP_SERVERS", "k:9092"));
        assertThat(c.assembly().inactivityGap()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("k:9092");
    }

    @Test
    void environmentFillsAKafkaPropertyWrittenInTheFile() {
        TracepipeConfig c = ConfigLoader.parse("test.yaml", """
                kafka:
                  properties:
                    sasl.jaas.config: set-by-environment
                    security.protocol: SASL_SSL
                """, Map.of("TRACEPIPE_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;"));
        assertThat(c.kafka().properties())
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void reportsEveryProblemWithItsLineAndField() {
        assertThatThrownBy(() -> parse("""
                kafka:
                  processing-guarantee: maybe
                assembly:
                  inactivity-gap: ten seconds
                  max-spans-per-trace: 0
                ingest:
                  encoding: avro
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "line 2: kafka.processing-guarantee: 'maybe' is not one of exactly_once_v2, at_least_once",
                        "line 4: assembly.inactivity-gap: 'ten seconds' is not a duration; write e.g. 500ms, 10s, 1m, 1h",
                        "line 5: assembly.max-spans-per-trace: 0 is below the minimum of 1",
                        "line 7: ingest.encoding: 'avro' is not one of otlp_proto, otlp_json, auto"));
    }

    @Test
    void unknownKeyIsAnErrorWithASuggestion() {
        assertThatThrownBy(() -> parse("assembly:\n  inactivity_gap: 10s\ntracing: {}\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "line 2: unknown key 'assembly.inactivity_gap' (did you mean 'assembly.inactivity-gap'?)",
                        "line 3: unknown key 'tracing'"));
    }

    @Test
    void badEnvironmentOverrideNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.parse("test.yaml", "", Map.of("TRACEPIPE_TOPICS_PARTITIONS", "many")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment TRACEPIPE_TOPICS_PARTITIONS: topics.partitions: 'many' is not a whole number");
    }

    @Test
    void yamlSyntaxErrorNamesItsLine() {
        assertThatThrownBy(() -> parse("kafka:\n  bootstrap-servers: [a\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems().get(0)).startsWith("line 3:"));
    }

    @Test
    void readsTheInstrumentationHealthSection() {
        TracepipeConfig config = parse("instrumentation-health:\n  enabled: false\n  skew-tolerance: 5ms\n  max-keys: 50\n"
                + "  cardinality-period: 1m\n  cardinality-threshold: 20000\n");

        assertThat(config.health()).isEqualTo(new io.tracepipe.anomaly.health.HealthSettings(false, java.time.Duration.ofMillis(5), 50,
                java.time.Duration.ofMinutes(1), 20_000));
        assertThat(parse("").health()).isEqualTo(io.tracepipe.anomaly.health.HealthSettings.DEFAULTS);
    }

    @Test
    void badInstrumentationHealthValueNamesItsLineAndField() {
        assertThatThrownBy(() -> parse("instrumentation-health:\n  enabled: true\n  skew-tolerance: banana\n"))
                .hasMessageContaining("line 3: instrumentation-health.skew-tolerance:");
    }

    @Test
    void maxDurationShorterThanGapIsRejected() {
        assertThatThrownBy(() -> parse("assembly:\n  inactivity-gap: 1m\n  max-trace-duration: 30s\n"))
                .hasMessageContaining("line 3: assembly.max-trace-duration: must not be shorter than assembly.inactivity-gap (1m)");
    }

    @Test
    void withoutARulesKeyTheShippedRulesRun() {
        TracepipeConfig c = parse("");
        assertThat(c.rules()).extracting(Rule::name).containsExactly("high-error-rate", "slow-p99", "latency-regression");
        assertThat(parse("rules: []\n").rules()).isEmpty();
    }

    @Test
    void readsRulesAndAlerting() {
        TracepipeConfig c = parse("""
                assembly:
                  inactivity-gap: 20s
                alerting:
                  alertmanager:
                    url: http://alertmanager:9093
                rules:
                  - name: reserve-errors
                    severity: critical
                    match: { service: inventory }
                    error_rate: { above: 10% }
                """);
        assertThat(c.rules()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("reserve-errors");
            assertThat(r.windowSize()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(c.alerting().alertmanagerUrl()).hasToString("http://alertmanager:9093");
        assertThat(c.alerting().windowGrace()).as("defaults to the gap plus 5s").isEqualTo(Duration.ofSeconds(25));
        assertThat(c.alerting().flushInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void ruleProblemsComeWithTheOtherProblemsAndTheirFileLines() {
        assertThatThrownBy(() -> parse("""
                alerting:
                  alertmanager:
                    url: alertmanager:9093
                rules:
                  - name: slow
                    severity: warning
                    latency: { percentile: p98, above: 1s }
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "line 3: alerting.alertmanager.url: expected an http(s) URL such as http://alertmanager:9093, got 'alertmanager:9093'",
                        "line 7: rule 'slow': latency.percentile: 'p98' is not one of p50, p75, p90, p95, p99, p99.9, max"));
    }

    @Test
    void samplingAndRedactionProblemsComeWithTheirFileLines() {
        assertThatThrownBy(() -> parse("""
                sampling:
                  policies:
                    - { name: errors, type: status_code, status_code: { status_codes: [FAILED] } }
                redaction:
                  hash: [enduser.id]
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2).allSatisfy(p -> assertThat(p).startsWith("line "))
                        .anySatisfy(p -> assertThat(p).startsWith("line 3: sampling.policies[1] 'errors'"))
                        .anySatisfy(p -> assertThat(p).contains("redaction").contains("salt")));
    }

    @Test
    void withoutSamplingEveryTraceIsKeptAndTheShippedMasksApply() {
        TracepipeConfig c = parse("");
        assertThat(c.sampling().newSampler().policyNames()).containsExactly("keep-all");
        assertThat(c.redactor().isNoop()).isFalse();
        assertThat(c.redactor().redactLabels(java.util.Map.of("user", "ann@example.com"))).containsEntry("user", "<redacted:email>");
    }

    @Test
    void theHashSaltCanComeFromTheEnvironment() {
        String yaml = "redaction:\n  hash: [enduser.id]\n  salt: placeholder\n";
        TracepipeConfig fromFile = ConfigLoader.parse("test.yaml", yaml, Map.of());
        TracepipeConfig fromEnv = ConfigLoader.parse("test.yaml", yaml, Map.of("TRACEPIPE_REDACTION_SALT", "s3cret"));
        Map<String, String> label = Map.of("enduser.id", "42");
        assertThat(fromEnv.redactor().redactLabels(label).get("enduser.id"))
                .startsWith("sha256:")
                .isNotEqualTo(fromFile.redactor().redactLabels(label).get("enduser.id"));
        assertThat(fromEnv.redactor().toString()).doesNotContain("s3cret");
    }

    private static java.util.List<String> problemsOf(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems();
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithBothLines() {
        assertThat(problemsOf("""
                assembly:
                  inactivity-gap: 10s
                  inactivity-gap: 99h
                """)).containsExactly("line 3: duplicate key assembly.inactivity-gap (first at line 2)");
    }

    @Test
    void aKeyGivenTwiceInsideRulesSamplingOrRedactionIsRefusedWithBothLines() {
        assertThat(problemsOf("""
                rules:
                  - name: a
                    severity: info
                    severity: critical
                    error_rate: { above: 0.1 }
                sampling:
                  policies:
                    - { name: p, type: always_sample, type: latency }
                redaction:
                  delete: [a]
                  delete: [b]
                """)).containsExactly(
                "line 4: rule 'a': duplicate key severity (first at line 3)",
                "line 8: sampling.policies[1] 'p': duplicate key type (first at line 8)",
                "line 11: duplicate key redaction.delete (first at line 10)");
    }

    @Test
    void theProblemsOfEverySectionComeInLineOrder() {
        assertThat(problemsOf("""
                redaction:
                  defaults: maybe
                rules:
                  - name: a
                    severity: info
                    for: 0
                    error_rate: { above: 0.1 }
                assembly:
                  max-spans-per-trace: lots
                sampling:
                  policies:
                    - { name: p, type: probabilistic, sampling_percentage: 101 }
                http:
                  port: 70000
                """)).containsExactly(
                "line 2: redaction.defaults: 'maybe' is not true or false",
                "line 6: rule 'a': for: 0 is below the minimum of 1",
                "line 9: assembly.max-spans-per-trace: 'lots' is not a whole number",
                "line 12: sampling.policies[1] 'p': sampling_percentage: 101 is not in [0, 100]",
                "line 14: http.port: 70000 is above the maximum of 65535");
    }

    @Test
    void numbersAreWrittenTheSameWayInEverySection() {
        TracepipeConfig c = ConfigLoader.parse("test.yaml", """
                assembly:
                  max-spans-per-trace: 10_000
                rules:
                  - { name: a, severity: info, max_keys: 10_000, error_rate: { above: 0.1 } }
                sampling:
                  policies:
                    - { name: p, type: rate_limiting, spans_per_second: 10_000 }
                """, Map.of("TRACEPIPE_HTTP_MAX_SERIES", "10_000"));
        assertThat(c.assembly().maxSpansPerTrace()).isEqualTo(10_000);
        assertThat(c.rules().get(0).maxKeys()).isEqualTo(10_000);
        assertThat(c.http().maxSeries()).isEqualTo(10_000);
        assertThat(c.sampling().newSampler().policyNames()).containsExactly("p");

        // redaction has no numbers; the other sections refuse the same forms with the same words
        assertThat(problemsOf("""
                assembly:
                  max-spans-per-trace: 10,000
                rules:
                  - name: a
                    severity: info
                    max_keys: 10,000
                    error_rate: { above: 0.1 }
                sampling:
                  policies:
                    - name: p
                      type: rate_limiting
                      spans_per_second: 10,000
                """)).containsExactly(
                "line 2: assembly.max-spans-per-trace: '10,000' is not a whole number",
                "line 6: rule 'a': max_keys: '10,000' is not a whole number",
                "line 12: sampling.policies[1] 'p': spans_per_second: '10,000' is not a whole number");
    }

    @Test
    void everySectionSuggestsTheNameAMisspeltOneWasMeantToBe() {
        assertThat(problemsOf("""
                kafka:
                  processing-guarantee: at_lest_once
                assembly:
                  inactivty-gap: 10s
                rules:
                  - name: a
                    severity: critcal
                    error_rate: { above: 0.1 }
                sampling:
                  policies:
                    - { name: p, type: status_code, status_codes: [EROR] }
                    - { name: q, type: latncy }
                redaction:
                  hsah: [x]
                  mask: [{ builtin: emial }]
                """)).containsExactly(
                "line 2: kafka.processing-guarantee: 'at_lest_once' is not one of exactly_once_v2, at_least_once;"
                        + " did you mean 'at_least_once'?",
                "line 4: unknown key 'assembly.inactivty-gap' (did you mean 'assembly.inactivity-gap'?)",
                "line 7: rule 'a': severity: 'critcal' is not one of critical, warning, info; did you mean 'critical'?",
                "line 11: sampling.policies[1] 'p': status_codes: 'EROR' is not one of ERROR, OK, UNSET; did you mean 'ERROR'?",
                "line 12: sampling.policies[2] 'q': type: unknown policy type 'latncy'; did you mean 'latency'?",
                "line 14: redaction.hsah: unknown field; did you mean 'hash'?",
                "line 15: redaction.mask[1].builtin: 'emial' is not one of email, card_number; did you mean 'email'?");
    }

    @Test
    void mergeKeysShareSettingsInEverySection() {
        TracepipeConfig c = parse("""
                assembly:
                  <<: { inactivity-gap: 20s, max-trace-duration: 2m }
                  max-trace-duration: 3m
                rules:
                  - &base { name: a, severity: warning, window: 5m, error_rate: { above: 0.1 } }
                  - <<: *base
                    name: b
                sampling:
                  policies:
                    - &slow { name: slow, type: latency, threshold: 1s }
                    - <<: *slow
                      name: slower
                redaction:
                  <<: { delete: [db.query.text] }
                  defaults: false
                """);
        assertThat(c.assembly().inactivityGap()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.assembly().maxTraceDuration()).as("given beside the merge key wins").isEqualTo(Duration.ofMinutes(3));
        assertThat(c.rules()).extracting(Rule::name).containsExactly("a", "b");
        assertThat(c.rules()).extracting(Rule::windowSize).containsOnly(Duration.ofMinutes(5));
        assertThat(c.sampling().newSampler().policyNames()).containsExactly("slow", "slower");
        assertThat(c.redactor().redactLabels(Map.of("db.query.text", "SELECT 1", "note", "x"))).containsOnlyKeys("note");
    }

    @Test
    void aSectionWrittenAsASingleValueIsAProblem() {
        assertThat(problemsOf("assembly: 10s\nsampling: [a]\n")).containsExactly(
                "line 1: assembly: expected a mapping of its keys, not a single value",
                "line 2: sampling: expected a mapping of its keys, not a list");
    }

    @Test
    void aMappingThatHoldsItselfThroughAnAliasIsAProblemNotAHang() {
        assertThat(problemsOf("kafka: &k\n  properties: *k\n"))
                .containsExactly("line 2: kafka.properties: a mapping cannot hold itself (through an alias)");
    }

    @Test
    void traceUrlIsAnHttpTemplateHoldingTheTraceIdPlaceholder() {
        assertThat(parse("alerting:\n  trace-url: http://tracepipe:8080/#trace={trace_id}\n").alerting().traceUrl())
                .isEqualTo("http://tracepipe:8080/#trace={trace_id}");
        assertThat(problemsOf("alerting:\n  trace-url: http://tracepipe:8080/\n")).containsExactly(
                "line 2: alerting.trace-url: expected an http(s) URL with {trace_id} in it,"
                        + " e.g. http://tracepipe:8080/#trace={trace_id}, got 'http://tracepipe:8080/'");
        assertThat(problemsOf("alerting:\n  trace-url: tracepipe/{trace_id}\n")).containsExactly(
                "line 2: alerting.trace-url: expected an http(s) URL with {trace_id} in it,"
                        + " e.g. http://tracepipe:8080/#trace={trace_id}, got 'tracepipe/{trace_id}'");
    }
}
