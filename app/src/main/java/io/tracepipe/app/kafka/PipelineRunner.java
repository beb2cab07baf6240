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
import io.tracepipe.app.http.TempoApi;
import io.tracepipe.app.evidence.EvidenceApi;
import io.tracepipe.app.evidence.OpenAlerts;
import io.tracepipe.app.query.Peers;
import io.tracepipe.app.query.TraceLookup;
import io.tracepipe.app.query.TraceSearches;
import io.tracepipe.topology.query.TraceIndex;
import io.tracepipe.topology.health.InstrumentationHealth;
import io.tracepipe.app.health.HealthApi;
import io.tracepipe.app.metrics.InstrumentationMetrics;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
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
    private final String traceUrl;
    private final HttpEndpoint http;
    private TopicFollower alertFollower;
    private Thread alertFollowerThread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private PipelineRunner(KafkaStreams streams, AlertSink alertSink, StreamsReadiness readiness, HttpEndpoint http, String traceUrl) {
        this.streams = streams;
        this.alertSink = alertSink;
        this.readiness = readiness;
        this.http = http;
        this.traceUrl = traceUrl;
    }

    /**
     * Checks that Kafka can be reached, creates the topics that are missing and starts the pipeline.
     *
     * @throws KafkaUnreachableException within seconds when no bootstrap server accepts a connection
     */
    public static PipelineRunner start(TracepipeConfig configured) {
        return start(configured, null);
    }

    /**
     * As {@link #start(TracepipeConfig)}; {@code ownTraceUrl} makes {@code alerting.trace-url} from the
     * HTTP port once it is bound (the demo links its alerts to its own incident page), or is null.
     */
    public static PipelineRunner start(TracepipeConfig configured, IntFunction<String> ownTraceUrl) {
        BootstrapProbe.check(configured.kafka().bootstrapServers(), BootstrapProbe.DEFAULT_TIMEOUT);
        TopicCreator.createMissing(StreamsProperties.client(configured), configured.topics());
        int inputPartitions = TopicCreator.partitionCount(StreamsProperties.client(configured), configured.topics().names().input());
        PrometheusRegistry registry = new PrometheusRegistry();
        // HTTP first, so that its port is known before the topology is built; /readyz says no until the client exists.
        AtomicReference<StreamsReadiness> readiness = new AtomicReference<>();
        HttpEndpoint http = startHttp(configured.http().port(), registry, () -> readiness.get() != null && readiness.get().isReady());
        TracepipeConfig partitioned = configured.withPartitions(inputPartitions);
        String groupInstanceId = GroupInstanceId.resolve(partitioned.kafka().groupInstanceId(), Path.of(partitioned.kafka().stateDir()));
        TracepipeConfig config = partitioned.withKafka(partitioned.kafka().withGroupInstanceId(groupInstanceId));
        LOG.info("consumer group membership: {}", groupInstanceId == null ? "dynamic" : "static, group.instance.id " + groupInstanceId);
        if (http != null && ownTraceUrl != null) {
            config = config.withAlerting(config.alerting().withTraceUrl(ownTraceUrl.apply(http.port())));
        }
        try {
            return start(config, registry, http, readiness);
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            throw e;
        }
    }

    private static HttpEndpoint startHttp(int port, PrometheusRegistry registry, BooleanSupplier ready) {
        if (port < 0) {
            return null;
        }
        try {
            return HttpEndpoint.start(port, registry, ready);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve HTTP on port " + port, e);
        }
    }

    private static PipelineRunner start(TracepipeConfig config, PrometheusRegistry registry, HttpEndpoint http,
            AtomicReference<StreamsReadiness> readiness) {
        AlertSink alertSink = alertmanagerSink(config);
        TraceMetrics traceMetrics = new TraceMetrics(registry, config.http().maxSeries());
        TraceIndex traceIndex = new TraceIndex();
        // The consumers' lag tells a quiet input partition that is read to its end from one whose records wait on the broker.
        AtomicReference<KafkaStreams> client = new AtomicReference<>();
        ConsumerLag inputLag = new ConsumerLag(() -> client.get() == null ? null : client.get().metrics());
        InstrumentationHealth health = new InstrumentationHealth(config.health());
        Topology topology = new TracepipeTopology(config.topology(), alertSink, traceMetrics, traceIndex, inputLag, health).get();
        if (config.health().enabled()) {
            registry.register(new InstrumentationMetrics(health, config.http().maxSeries()));
        }
        LOG.info("topology:\n{}", topology.describe());
        Properties streamsProperties = StreamsProperties.streams(config);
        KafkaStreams streams = new KafkaStreams(topology, streamsProperties);
        client.set(streams);
        registry.register(new StreamsMetricsCollector(streams::metrics));
        JvmMetrics.builder().register(registry);
        readiness.set(StreamsReadiness.of(streams, streamsProperties));
        PipelineRunner runner = new PipelineRunner(streams, alertSink, readiness.get(), http, config.alerting().traceUrl());
        if (http != null) {
            Peers peers = new Peers();
            TraceLookup lookup = new TraceLookup(streams, applicationServer(streamsProperties), config.redactor(), peers);
            new TempoApi(lookup, new TraceSearches(traceIndex, lookup, peers), version()).register(runner.http);
            OpenAlerts openAlerts = new OpenAlerts();
            runner.followAlerts(new TopicFollower(StreamsProperties.client(config), config.topics().names().alerts(), true, openAlerts));
            new EvidenceApi(openAlerts, lookup, traceMetrics.serviceGraph(), peers).register(runner.http);
            new HealthApi(health).register(runner.http);
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

    /** Feeds the incident page's open alerts from the alert topic, on a thread of its own. */
    private void followAlerts(TopicFollower follower) {
        alertFollower = follower;
        alertFollowerThread = new Thread(follower, "tracepipe-open-alerts");
        alertFollowerThread.setDaemon(true);
        alertFollowerThread.start();
    }

    /** This instance's address for interactive queries ({@code application.server}), or null when none is configured. */
    private static HostInfo applicationServer(Properties streamsProperties) {
        String server = streamsProperties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return server == null || server.isBlank() ? null : HostInfo.buildFromEndpoint(server);
    }

    /** The jar's version (its manifest), or "dev" when run from classes. */
    static String version() {
        String version = PipelineRunner.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static AlertSink alertmanagerSink(TracepipeConfig config) {
        URI url = config.alerting().alertmanagerUrl();
        if (url == null) {
            return null;
        }
        Duration repeat = config.rules().stream().map(Rule::repeatInterval).max(Duration::compareTo).orElse(Duration.ofHours(4));
        LOG.info("alerts also go to Alertmanager at {}", url);
        AlertmanagerSettings settings = AlertmanagerSettings.defaults(url, repeat);
        String traceUrl = config.alerting().traceUrl();
        return AlertmanagerSink.start(traceUrl == null ? settings : settings.withGeneratorUrl(traceUrl));
    }

    /** The template of the alerts' trace links ({@code alerting.trace-url}, or the one made from the HTTP port), or null. */
    public String traceUrl() {
        return traceUrl;
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
        if (alertFollower != null) {
            alertFollower.stop();
            try {
                alertFollowerThread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
