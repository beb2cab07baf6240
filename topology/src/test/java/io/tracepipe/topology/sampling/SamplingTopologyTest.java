package io.tracepipe.topology.sampling;

import io.tracepipe.topology.TopologySettings;
import io.tracepipe.sampling.SamplingPoliciesParser;
import io.tracepipe.sampling.SamplingDecision;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.Ids;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.Workload;
import io.tracepipe.topology.HeaderValues;
import io.tracepipe.topology.Topics;
import io.tracepipe.topology.TraceObserver;
import io.tracepipe.topology.TracepipeTopology;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.redaction.Redactor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sampling and redaction in the topology, on generated shop traffic. */
class SamplingTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final AssemblySettings ASSEMBLY = new AssemblySettings(Duration.ofSeconds(5), Duration.ofMinutes(1), 10_000,
            Duration.ofMinutes(5), Duration.ofSeconds(1));
    private static final String POLICIES = """
            policies:
              - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
              - { name: slow, type: latency, latency: { threshold: 1s } }
              - { name: ten-percent, type: probabilistic, probabilistic: { sampling_percentage: 10 } }
            """;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<String, byte[]> sampled;

    private void start(TopologySettings config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracepipe-sampling-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(new TracepipeTopology(config, null, TraceObserver.NONE).get(), props, T0);
        input = driver.createInputTopic(Topics.DEFAULT_INPUT, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
        sampled = driver.createOutputTopic(Topics.DEFAULT_SAMPLED_TRACES, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static TopologySettings config(String policies, Redactor redactor) {
        // The test driver has one input partition, so one upstream partition: its own decoder's.
        return TopologySettings.defaults().withPartitions(1).withAssembly(ASSEMBLY).withRules(List.of())
                .withSampling(new SamplingSettings(SamplingPoliciesParser.readDocument(policies)))
                .withRedaction(redactor);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Every span of the workload per trace id, as the generator wrote it. */
    private static Map<String, Set<Span>> spansByTrace(List<OtlpRecord> records) throws Exception {
        Map<String, Set<Span>> out = new HashMap<>();
        for (OtlpRecord r : records) {
            for (ResourceSpans rs : ExportTraceServiceRequest.parseFrom(r.value()).getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span s : ss.getSpansList()) {
                        out.computeIfAbsent(Ids.toHex(s.getTraceId().toByteArray()), t -> new HashSet<>()).add(s);
                    }
                }
            }
        }
        return out;
    }

    private static Set<Span> spans(TracesData data) {
        Set<Span> out = new HashSet<>();
        data.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> out.addAll(ss.getSpansList())));
        return out;
    }

    private static Duration duration(Set<Span> spans) {
        long start = spans.stream().mapToLong(Span::getStartTimeUnixNano).min().orElse(0);
        long end = spans.stream().mapToLong(Span::getEndTimeUnixNano).max().orElse(0);
        return Duration.ofNanos(end - start);
    }

    private static boolean hasError(Set<Span> spans) {
        return spans.stream().anyMatch(s -> s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR);
    }

    @Test
    void keepsEveryErrorAndSlowTraceAndATenthOfTheRest() throws Exception {
        start(config(POLICIES, Redactor.none()));
        List<OtlpRecord> records = Workload.generate(GeneratorSettings.defaults(21), 3000, T0,
                FaultSchedule.parse("latency payment POST /charge +1200ms from 0s for 20s; errors inventory POST /reserve 30% from 20s for 20s"));
        Map<String, Set<Span>> generated = spansByTrace(records);
        records.forEach(r -> input.pipeInput(r.value()));
        advance(Duration.ofSeconds(10));

        Map<String, String> keptBy = new HashMap<>();
        for (TestRecord<String, byte[]> rec : sampled.readRecordsToList()) {
            keptBy.put(rec.key(), HeaderValues.text(rec.headers(), SamplingProcessor.HEADER_POLICY));
        }
        int errors = 0;
        int slow = 0;
        int rest = 0;
        int restKept = 0;
        for (Map.Entry<String, Set<Span>> trace : generated.entrySet()) {
            String policy = keptBy.get(trace.getKey());
            if (hasError(trace.getValue())) {
                errors++;
                assertThat(policy).as("error trace %s", trace.getKey()).isEqualTo("errors");
            } else if (duration(trace.getValue()).compareTo(Duration.ofSeconds(1)) >= 0) {
                slow++;
                assertThat(policy).as("slow trace %s", trace.getKey()).isEqualTo("slow");
            } else {
                rest++;
                if (policy != null) {
                    restKept++;
                    assertThat(policy).isEqualTo("ten-percent");
                }
            }
        }
        assertThat(errors).as("the workload has errors").isGreaterThan(20);
        assertThat(slow).as("the workload has slow traces").isGreaterThan(20);
        assertThat(100.0 * restKept / rest).as("kept share of the %d other traces", rest).isBetween(8.0, 12.0);
        assertThat(counter("sampled-traces", "ten-percent")).isEqualTo(restKept);
        assertThat(counter("dropped-traces", SamplingDecision.NO_POLICY_MATCHED)).isEqualTo(rest - restKept);
    }

    @Test
    void aKeptTracesLatePartIsKeptAndADroppedOnesIsDecidedAgainOnTheWholeTrace() throws Exception {
        start(config(POLICIES, Redactor.none()));
        List<OtlpRecord> records = Workload.generate(GeneratorSettings.defaults(5).withNaturalFailureRate(0), 300, T0);
        Map<String, Set<Span>> generated = spansByTrace(records);
        records.forEach(r -> input.pipeInput(r.value()));
        advance(Duration.ofSeconds(10));
        Map<String, String> keptBy = new HashMap<>();
        sampled.readRecordsToList().forEach(r -> keptBy.put(r.key(), HeaderValues.text(r.headers(), SamplingProcessor.HEADER_POLICY)));
        String kept = keptBy.keySet().iterator().next();
        String dropped = generated.keySet().stream().filter(t -> !keptBy.containsKey(t)).findFirst().orElseThrow();

        input.pipeInput(lateSpan(kept, generated.get(kept)));
        input.pipeInput(lateSpan(dropped, generated.get(dropped)));
        advance(Duration.ofSeconds(10));

        List<TestRecord<String, byte[]>> late = sampled.readRecordsToList();
        assertThat(late).extracting(TestRecord::key).containsExactly(kept);
        assertThat(HeaderValues.text(late.get(0).headers(), SamplingProcessor.HEADER_POLICY)).isEqualTo(keptBy.get(kept));
        assertThat(HeaderValues.text(late.get(0).headers(), "tracepipe.trace.late")).isEqualTo("true");
    }

    @Test
    void sampledTracesReadBackSpanBySpanWithTheOpenTelemetryClasses() throws Exception {
        start(config("policies: [{name: keep-all, type: always_sample}]", Redactor.none()));
        List<OtlpRecord> records = Workload.generate(GeneratorSettings.defaults(8), 200, T0);
        Map<String, Set<Span>> generated = spansByTrace(records);
        records.forEach(r -> input.pipeInput(r.value()));
        advance(Duration.ofSeconds(10));

        Map<String, Set<Span>> read = new HashMap<>();
        for (TestRecord<String, byte[]> rec : sampled.readRecordsToList()) {
            TracesData data = TracesData.parseFrom(rec.value());
            data.getResourceSpansList().forEach(rs -> assertThat(rs.getResource().getAttributesList())
                    .extracting(KeyValue::getKey).contains("service.name", "k8s.pod.name"));
            read.computeIfAbsent(rec.key(), k -> new HashSet<>()).addAll(spans(data));
        }
        assertThat(read).isEqualTo(generated);
    }

    @Test
    void redactsWhatLeavesButSamplesOnTheOriginal() throws Exception {
        String policies = """
                policies:
                  - { name: vip, type: string_attribute, string_attribute: { key: enduser.email, values: [boss@shop.example] } }
                """;
        start(config(policies, Redactor.defaults()));
        input.pipeInput(record(1, "boss@shop.example"));
        input.pipeInput(record(2, "someone@shop.example"));
        advance(Duration.ofSeconds(10));

        List<TestRecord<String, byte[]>> out = sampled.readRecordsToList();
        assertThat(out).hasSize(1);
        Span span = spans(TracesData.parseFrom(out.get(0).value())).iterator().next();
        assertThat(span.getAttributesList()).singleElement().satisfies(kv -> {
            assertThat(kv.getKey()).isEqualTo("enduser.email");
            assertThat(kv.getValue().getStringValue()).isEqualTo("<redacted:email>");
        });
    }

    private static byte[] record(int trace, String email) {
        Span span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(java.nio.ByteBuffer.allocate(16).putLong(9).putLong(trace).array()))
                .setSpanId(ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(trace).array()))
                .setName("POST /login").setStartTimeUnixNano(1).setEndTimeUnixNano(2)
                .addAttributes(KeyValue.newBuilder().setKey("enduser.email").setValue(AnyValue.newBuilder().setStringValue(email)))
                .build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("auth"))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build().toByteArray();
    }

    /** A span of 1 µs at the start of its trace, arriving after the trace was emitted. */
    private static byte[] lateSpan(String traceIdHex, Set<Span> trace) {
        long start = trace.stream().mapToLong(Span::getStartTimeUnixNano).min().orElseThrow();
        Span span = Span.newBuilder().setTraceId(ByteString.copyFrom(Ids.fromHex(traceIdHex)))
                .setSpanId(ByteString.copyFrom(new byte[] {7, 7, 7, 7, 7, 7, 7, 7}))
                .setName("late work").setStartTimeUnixNano(start).setEndTimeUnixNano(start + 1_000).build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build().toByteArray();
    }

    private double counter(String name, String policy) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name + "-total") && policy.equals(e.getKey().tags().get("policy")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /** Moves the wall clock and the input's record time together, as for a pipeline that keeps up with its input. */
    private void advance(Duration d) {
        input.advanceTime(d);
        driver.advanceWallClockTime(d);
    }
}
