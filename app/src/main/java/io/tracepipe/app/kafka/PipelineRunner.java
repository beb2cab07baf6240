package io.tracepipe.app.kafka;

import io.tracepipe.topology.TracepipeTopology;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.alerting.sink.AlertSink;
import io.tracepipe.alerting.sink.AlertmanagerSettings;
import io.tracepipe.alerting.sink.AlertmanagerSink;
import io.tracepipe.anomaly.rules.Rule;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracepipe.app.http.HttpEndpoint;
import io.tracepipe.app.metrics.StreamsMetricsCollector;
import io.tracepipe.app.metrics.TraceMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@link KafkaStreams} client of the pipeline: creates missing topics, starts the
 * topology, reports its state and closes it with a timeout. Holds no topology logic.
 */
public final class PipelineRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final AlertSink alertSink;
    private final StreamsReadiness readiness;
    private HttpEndpoint http;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private PipelineRunner(KafkaStreams streams, AlertSink alertSink, StreamsReadiness readiness) {
        this.streams = streams;
        this.alertSink = alertSink;
        this.readiness = readiness;
    }

    /**
     * Checks that Kafka can be reached, creates the topics that are missing and starts the pipeline.
     *
     * @throws KafkaUnreachableException within seconds when no bootstrap server accepts a connection
     */
    public static PipelineRunner start(TracepipeConfig configured) {
        BootstrapProbe.check(configured.kafka().bootstrapServers(), BootstrapProbe.DEFAULT_TIMEOUT);
        TopicCreator.createMissing(StreamsProperties.client(configured), configured.topics());
        int inputPartitions = TopicCreator.partitionCount(StreamsProperties.client(configured), configured.topics().names().input());
        TracepipeConfig partitioned = configured.withPartitions(inputPartitions);
        String groupInstanceId = GroupInstanceId.resolve(partitioned.kafka().groupInstanceId(), Path.of(partitioned.kafka().stateDir()));
        TracepipeConfig config = partitioned.withKafka(partitioned.kafka().withGroupInstanceId(groupInstanceId));
        LOG.info("consumer group membership: {}", groupInstanceId == null ? "dynamic" : "static, group.instance.id " + groupInstanceId);
        AlertSink alertSink = alertmanagerSink(config);
        PrometheusRegistry registry = new PrometheusRegistry();
        TraceMetrics traceMetrics = new TraceMetrics(registry, config.http().maxSeries());
        // The consumers' lag tells a quiet input partition that is read to its end from one whose records wait on the broker.
        AtomicReference<KafkaStreams> client = new AtomicReference<>();
        ConsumerLag inputLag = new ConsumerLag(() -> client.get() == null ? null : client.get().metrics());
        Topology topology = new TracepipeTopology(config.topology(), alertSink, traceMetrics, inputLag).get();
        LOG.info("topology:\n{}", topology.describe());
        Properties streamsProperties = StreamsProperties.streams(config);
        KafkaStreams streams = new KafkaStreams(topology, streamsProperties);
        client.set(streams);
        registry.register(new StreamsMetricsCollector(streams::metrics));
        JvmMetrics.builder().register(registry);
        PipelineRunner runner = new PipelineRunner(streams, alertSink, StreamsReadiness.of(streams, streamsProperties));
        if (config.http().port() >= 0) {
            try {
                runner.http = HttpEndpoint.start(config.http().port(), registry, runner.readiness::isReady);
            } catch (IOException e) {
                alertSinkClose(alertSink);
                throw new UncheckedIOException("cannot serve HTTP on port " + config.http().port(), e);
            }
        }
        streams.setStateListener((now, before) -> {
            LOG.info("pipeline {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                runner.stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("pipeline failed", e);
            runner.failure.compareAndSet(null, e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return runner;
    }

    private static AlertSink alertmanagerSink(TracepipeConfig config) {
        URI url = config.alerting().alertmanagerUrl();
        if (url == null) {
            return null;
        }
        Duration repeat = config.rules().stream().map(Rule::repeatInterval).max(Duration::compareTo).orElse(Duration.ofHours(4));
        LOG.info("alerts also go to Alertmanager at {}", url);
        return AlertmanagerSink.start(AlertmanagerSettings.defaults(url, repeat));
    }

    /** The HTTP port serving metrics and health, or -1 when HTTP is off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Ready for {@code /readyz}: RUNNING and still in contact with the brokers (see {@link StreamsReadiness}). */
    public boolean isReady() {
        return readiness.isReady();
    }

    /** Waits until the client is RUNNING; false if it did not get there in time. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!isRunning()) {
            if (Instant.now().isAfter(deadline) || stopped.getCount() == 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Blocks until the pipeline stops (closed, or failed). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** The error that stopped the pipeline, if any. */
    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
        alertSinkClose(alertSink);
        if (http != null) {
            http.close();
        }
        stopped.countDown();
    }

    private static void alertSinkClose(AlertSink sink) {
        if (sink != null) {
            try {
                sink.close();
            } catch (Exception e) {
                LOG.warn("closing the alert sink failed", e);
            }
        }
    }
}
