package io.tracepipe.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracepipe.anomaly.rules.Rule;
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
                        "line 2: kafka.processing-guarantee: expected one of [at_least_once, exactly_once_v2], got 'maybe'",
                        "line 4: assembly.inactivity-gap: 'ten seconds' is not a duration; write e.g. 500ms, 10s, 1m, 1h",
                        "line 5: assembly.max-spans-per-trace: must be between 1 and 2147483647, got 0",
                        "line 7: ingest.encoding: unknown encoding 'avro', expected otlp_proto, otlp_json or auto"));
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
                .hasMessageContaining("environment TRACEPIPE_TOPICS_PARTITIONS: topics.partitions: expected a whole number, got 'many'");
    }

    @Test
    void yamlSyntaxErrorNamesItsLine() {
        assertThatThrownBy(() -> parse("kafka:\n  bootstrap-servers: [a\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems().get(0)).startsWith("line 3:"));
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

    @Test
    void traceUrlMustHoldTheTraceIdPlaceholder() {
        assertThat(parse("alerting:\n  trace-url: http://tracepipe:8080/#trace={trace_id}\n").alerting().traceUrl())
                .isEqualTo("http://tracepipe:8080/#trace={trace_id}");
        assertThatThrownBy(() -> parse("alerting:\n  trace-url: http://tracepipe:8080/\n"))
                .hasMessageContaining("line 2").hasMessageContaining("alerting.trace-url").hasMessageContaining("{trace_id}");
    }
}
