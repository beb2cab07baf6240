package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.Workload;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.devkit.kafka.SpanPublisher;
import io.tracepipe.ingest.DecodedRecord;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.ingest.OtlpRecordDecoder;
import io.tracepipe.ingest.TraceFragment;
import io.tracepipe.ingest.TraceSummary;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace lookup by id across instances, as Grafana asks for it: two instances (child JVMs, one
 * standby replica per task); a trace whose task runs on the first is fetched through the second,
 * in protobuf (v2 and v1) and JSON, and equals the emitted trace span by span; an unknown id is
 * 404; with the first instance killed, the same id is still answered.
 */
class TraceByIdIT {
    private static final int TRACES = 30;

    @TempDir
    Path dir;

    @Test
    void anyInstanceAnswersForAnyTraceAndAStandbyWhileTheOwnerIsGone() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            int portA = freePort();
            int portB = freePort();
            Path configA = config(broker, "a", portA);
            Path configB = config(broker, "b", portB);
            TracepipeConfig cfg = ConfigLoader.load(configA);
            TopicCreator.createMissing(StreamsProperties.client(cfg), cfg.topics());
            String a = "http://127.0.0.1:" + portA;
            String b = "http://127.0.0.1:" + portB;

            try (PipelineProcess first = PipelineProcess.start(configA); PipelineProcess second = PipelineProcess.start(configB)) {
                first.awaitRunning(Duration.ofSeconds(90));
                second.awaitRunning(Duration.ofSeconds(90));
                try (SpanPublisher publisher = new SpanPublisher(StreamsProperties.client(cfg), cfg.topics().names().input())) {
                    publisher.publishAll(Workload.generate(GeneratorSettings.defaults(11).withNaturalFailureRate(0), TRACES, Instant.now()));
                }
                Map<String, TracesData> emitted = emitted(broker.bootstrapServers(), cfg.topics().names().sampledTraces());
                assertThat(emitted).hasSize(TRACES);

                String ownedByA = null;
                for (String traceId : emitted.keySet()) {
                    GrafanaTempoClient.V2 answer = GrafanaTempoClient.v2(b, traceId);
                    assertThat(answer.status()).as("trace %s through the second instance", traceId).isEqualTo(200);
                    assertThat(spans(answer.trace())).as("trace %s", traceId).isEqualTo(spans(emitted.get(traceId)));
                    assertThat(answer.partial()).isFalse();
                    if (answer.answeredBy().equals("127.0.0.1:" + portA)) {
                        ownedByA = traceId;
                    }
                }
                assertThat(ownedByA).as("a trace whose task runs on the first instance").isNotNull();
                assertThat(spans(GrafanaTempoClient.v1(b, ownedByA))).isEqualTo(spans(emitted.get(ownedByA)));
                assertThat(spans(json(b, ownedByA))).isEqualTo(spans(emitted.get(ownedByA)));
                assertThat(GrafanaTempoClient.v2(b, "00000000000000000000000000c0ffee").status()).isEqualTo(404);
                assertThat(GrafanaTempoClient.get(b, "/api/traces/c0ffee", "application/protobuf").statusCode()).isEqualTo(404);

                String search = new String(GrafanaTempoClient.get(a, "/api/search?limit=1000", null).body(), StandardCharsets.UTF_8);
                assertThat(emitted.keySet()).allSatisfy(id -> assertThat(search).contains(id));

                first.kill();
                GrafanaTempoClient.V2 afterKill = GrafanaTempoClient.v2(b, ownedByA);
                assertThat(afterKill.status()).as("answered with its owner gone").isEqualTo(200);
                assertThat(afterKill.answeredBy()).isEqualTo("127.0.0.1:" + portB);
                assertThat(spans(afterKill.trace())).isEqualTo(spans(emitted.get(ownedByA)));
            }
        }
    }

    private Path config(EmbeddedKafkaBroker broker, String name, int port) throws Exception {
        Path instanceDir = Files.createDirectories(dir.resolve(name));
        return PipelineProcess.writeConfig(instanceDir, """
                kafka:
                  bootstrap-servers: %s
                  state-dir: %s
                  properties:
                    application.server: 127.0.0.1:%d
                    num.standby.replicas: 1
                    commit.interval.ms: 200
                    session.timeout.ms: 6000
                    heartbeat.interval.ms: 1000
                topics:
                  partitions: 4
                http:
                  port: %d
                assembly:
                  inactivity-gap: 1s
                  punctuate-interval: 250ms
                rules: []
                """.formatted(broker.bootstrapServers(), instanceDir.resolve("state"), port, port));
    }

    private static Map<String, TracesData> emitted(String bootstrap, String topic) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readUntil(bootstrap, topic, Duration.ofSeconds(90),
                got -> got.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().count() >= TRACES);
        Map<String, TracesData> byId = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byId.put(new String(r.key(), StandardCharsets.UTF_8), TracesData.parseFrom(r.value()));
        }
        return byId;
    }

    /** The JSON answer of v1 ({"batches": [...]}), read back with tracepipe's own OTLP/JSON decoder. */
    private static TracesData json(String base, String traceId) throws Exception {
        HttpResponse<byte[]> answer = GrafanaTempoClient.get(base, "/api/traces/" + traceId, null);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertThat(body).startsWith("{\"batches\":[");
        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.OTLP_JSON)
                .decode(("{\"resourceSpans\":" + body.substring("{\"batches\":".length())).getBytes(StandardCharsets.UTF_8));
        TracesData.Builder all = TracesData.newBuilder();
        for (TraceFragment fragment : decoded.fragments()) {
            all.addAllResourceSpans(TracesData.parseFrom(fragment.tracesData()).getResourceSpansList());
        }
        return all.build();
    }

    /** Each span with the service it came from, by span id: equal when the traces hold the same spans. */
    private static Map<String, String> spans(TracesData data) {
        Map<String, String> out = new HashMap<>();
        for (ResourceSpans rs : data.getResourceSpansList()) {
            String service = TraceSummary.serviceName(rs.getResource());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    out.put(io.tracepipe.ingest.Ids.toHex(span.getSpanId().toByteArray()), service + " " + span);
                }
            }
        }
        return out;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
