package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.health.AttributeCardinality;
import io.tracepipe.anomaly.health.HealthReport;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.app.health.HealthApi;
import io.tracepipe.app.health.HealthReportJson;
import io.tracepipe.app.health.HealthReportText;
import io.tracepipe.app.kafka.PipelineRunner;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import io.tracepipe.devkit.generator.Fault;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.Workload;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.devkit.kafka.SpanPublisher;
import io.tracepipe.topology.assembly.AssemblySettings;
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
 * The generator's four instrumentation faults, through a real broker and the whole pipeline: each
 * is reported by {@code /api/instrumentation-health} against the service (pair) that has it, and
 * with the faults off nothing is reported.
 */
class InstrumentationHealthIT {
    private static final int TRACES = 600;
    /** Above the 254 client addresses the shop's frontend sees, below the 600 request ids of the fault. */
    private static final long CARDINALITY_THRESHOLD = 300;
    private static final String FAULTS = "drops-context frontend from 0s for 1h; clock-skew payment +300ms from 0s for 1h; "
            + "retries checkout POST /charge from 0s for 1h; request-ids frontend from 0s for 1h; period 1h";

    @TempDir
    Path dir;

    @Test
    void eachFaultIsReportedAgainstItsService() throws Exception {
        HealthReport report = run(FaultSchedule.parse(FAULTS));
        System.out.print(HealthReportText.format(report)); // what tracepipe health prints for it

        assertThat(report.orphans()).isNotEmpty().allSatisfy(row -> {
            assertThat(row.caller()).as("the service that dropped the context").isEqualTo("frontend");
            assertThat(row.service()).isIn("checkout", "inventory");
            assertThat(row.exampleTraceId()).hasSize(32);
        });
        assertThat(report.skew()).singleElement().satisfies(row -> {
            assertThat(row.parentService()).isEqualTo("checkout");
            assertThat(row.childService()).isEqualTo("payment");
            assertThat(row.meanOffsetNanos()).isBetween(Duration.ofMillis(290).toNanos(), Duration.ofMillis(310).toNanos());
        });
        assertThat(report.retries()).singleElement().satisfies(row -> {
            assertThat(row.client()).isEqualTo("checkout");
            assertThat(row.server()).isEqualTo("payment");
            assertThat(row.declared()).isEqualTo(row.retries()).isPositive();
        });
        assertThat(report.cardinality()).extracting(AttributeCardinality.Row::service, AttributeCardinality.Row::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("frontend", Fault.RequestIds.KEY));
        assertThat(report.multipleRoots()).isEmpty();
    }

    @Test
    void nothingIsReportedWithTheFaultsOff() throws Exception {
        HealthReport report = run(FaultSchedule.NONE);

        assertThat(report.isClean()).as("clean report: %s", report).isTrue();
    }

    private HealthReport run(FaultSchedule faults) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            TracepipeConfig defaults = TracepipeConfig.defaults();
            TracepipeConfig config = defaults
                    .withKafka(defaults.kafka().withBootstrapServers(broker.bootstrapServers()).withStateDir(dir.resolve("state").toString()))
                    .withPartitions(2)
                    .withHttpPort(0)
                    .withAssembly(new AssemblySettings(Duration.ofSeconds(1), Duration.ofMinutes(1), 10_000, Duration.ofMinutes(5),
                            Duration.ofMillis(250)))
                    .withHealth(defaults.health().withCardinalityThreshold(CARDINALITY_THRESHOLD));
            TopicCreator.createMissing(StreamsProperties.client(config), config.topics());
            try (PipelineRunner pipeline = PipelineRunner.start(config)) {
                assertThat(pipeline.awaitRunning(Duration.ofSeconds(60))).isTrue();
                try (SpanPublisher publisher = new SpanPublisher(StreamsProperties.client(config), config.topics().names().input())) {
                    publisher.publishAll(Workload.generate(GeneratorSettings.defaults(7), TRACES, Instant.now(), faults));
                }
                String base = "http://127.0.0.1:" + pipeline.httpPort();
                HealthReport report = awaitAllTraces(base + HealthApi.PATH + "?limit=50");
                String metrics = get(base + "/metrics");
                // the same findings as metrics: one skewed pair with the faults on, none without
                assertThat(metrics.contains("tracepipe_instrumentation_skewed_spans_total{child_service=\"payment\",parent_service=\"checkout\"}"))
                        .isEqualTo(!report.skew().isEmpty());
                assertThat(metrics).contains("tracepipe_instrumentation_checked_traces_total " + TRACES);
                return report;
            }
        }
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Asks until every published trace was checked, or fails after two minutes with the last report. */
    private static HealthReport awaitAllTraces(String url) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        HealthReport last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            last = HealthReportJson.read(response.body());
            if (last.traces() >= TRACES) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not every trace was checked in time; last report: " + last);
    }
}
