package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.Workload;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.app.kafka.PipelineRunner;
import io.tracepipe.devkit.kafka.SpanPublisher;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations on a real broker: {@code /readyz} flips to ready once the streams client runs, and a
 * real Prometheus scraping the pipeline can query the span counter and a RED metric.
 */
class MetricsIT {
    @TempDir
    Path dir;

    @Test
    void prometheusScrapesPipelineCountersAndRedMetrics() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            TracepipeConfig defaults = TracepipeConfig.defaults();
            TracepipeConfig config = defaults
                    .withKafka(defaults.kafka().withBootstrapServers(broker.bootstrapServers()).withStateDir(dir.resolve("state").toString()))
                    .withPartitions(2)
                    .withHttpPort(0)
                    .withAssembly(new AssemblySettings(Duration.ofSeconds(1), Duration.ofMinutes(1), 10_000, Duration.ofMinutes(5),
                            Duration.ofMillis(250)));
            TopicCreator.createMissing(StreamsProperties.client(config), config.topics());

            try (PipelineRunner pipeline = PipelineRunner.start(config)) {
                String base = "http://127.0.0.1:" + pipeline.httpPort();
                int firstAnswer = status(base + "/readyz");
                assertThat(pipeline.awaitRunning(Duration.ofSeconds(60))).isTrue();
                assertThat(firstAnswer).as("not ready before the streams client runs").isEqualTo(503);
                assertThat(status(base + "/readyz")).as("ready once it runs").isEqualTo(200);

                try (SpanPublisher publisher = new SpanPublisher(StreamsProperties.client(config), config.topics().names().input())) {
                    publisher.publishAll(Workload.generate(GeneratorSettings.defaults(3), 200, Instant.now()));
                }
                try (PrometheusServer prometheus = PrometheusServer.scraping("127.0.0.1:" + pipeline.httpPort(), dir)) {
                    String spans = awaitSeries(prometheus, "tracepipe_spans_in_total > 0");
                    String red = awaitSeries(prometheus, "traces_spanmetrics_calls_total{service=\"frontend\"} > 0");
                    assertThat(spans).contains("\"__name__\":\"tracepipe_spans_in_total\"");
                    assertThat(red).contains("\"service\":\"frontend\"").contains("\"span_name\":");
                }
            }
        }
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Queries until the answer holds a series, or fails after a minute with the last answer. */
    private static String awaitSeries(PrometheusServer prometheus, String promql) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = prometheus.query(promql);
            if (last.contains("\"result\":[{")) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no series for " + promql + "; last answer: " + last);
    }
}
