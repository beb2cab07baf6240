package io.tracepipe.devkit.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running in this
 * JVM on free loopback ports, with its data in a directory of its own. Used by {@code tracepipe
 * demo} and by the integration tests; it can be stopped and started again on the same ports and
 * data, as a broker restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final String extraListener;
    private final int extraPort;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path dataDir, boolean ownsDataDir, Map<String, String> overrides, String extraListener) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.overrides = Map.copyOf(overrides);
        this.extraListener = extraListener;
        this.brokerPort = freePort();
        this.controllerPort = freePort();
        this.extraPort = extraListener == null ? -1 : freePort();
    }

    /** Starts a broker with its data in a new temporary directory, removed on close. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /** Starts a broker with extra broker properties (they win over the defaults). */
    public static EmbeddedKafkaBroker start(Map<String, String> overrides) {
        return start(overrides, null);
    }

    /**
     * Starts a broker with a second client listener named after its security protocol (e.g.
     * {@code SASL_SSL}), on a port of its own, beside PLAINTEXT (which stays the inter-broker and
     * admin listener); its settings go in {@code overrides} (e.g. {@code listener.name.sasl_ssl.*}).
     */
    public static EmbeddedKafkaBroker start(Map<String, String> overrides, String extraListenerProtocol) {
        try {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Files.createTempDirectory("tracepipe-kafka-"), true, overrides,
                    extraListenerProtocol);
            broker.format();
            broker.startServer();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The address of the extra listener given at start. */
    public String extraListenerBootstrapServers() {
        if (extraListener == null) {
            throw new IllegalStateException("this broker has no extra listener");
        }
        return "127.0.0.1:" + extraPort;
    }

    /** Stops the broker, keeping its data and ports for {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts a stopped broker again on the same ports and data. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String extra = extraListener == null ? "" : "," + extraListener + "://127.0.0.1:" + extraPort;
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort + extra);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + extra);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                + (extraListener == null ? "" : "," + extraListener + ":" + extraListener));
        p.put("log.dirs", dataDir.resolve("log").toString());
        // A single node: every internal topic has one replica, or consumers and transactions wait.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        // The default 128 MB dedupe buffer is wasted on a local broker and fails in small heaps.
        p.put("log.cleaner.dedupe.buffer.size", "4194304");
        p.putAll(overrides);
        return p;
    }

    private void format() throws IOException {
        Path config = dataDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            properties().store(w, "tracepipe embedded broker");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the broker's storage failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }

    private void startServer() {
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties()), Time.SYSTEM);
        server.startup();
        awaitReady();
        LOG.info("embedded Kafka broker ready at {} (data in {})", bootstrapServers(), dataDir);
    }

    private void awaitReady() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("embedded broker not ready after " + READY_TIMEOUT, e);
                    }
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("embedded broker not ready after " + READY_TIMEOUT);
                }
                sleep(Duration.ofMillis(100));
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", path, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
