package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.app.kafka.StreamsProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secured cluster: the embedded broker with a SASL_SSL listener (SCRAM-SHA-512 over TLS, with a
 * certificate this test makes with the JDK's keytool) and a SCRAM user created over the PLAINTEXT
 * admin listener. The pipeline connects with the configured credentials and assembles traces; with
 * a wrong password {@code tracepipe run} stops at once with one line naming the cause.
 */
class SecureClusterIT {
    private static final String USER = "tracepipe";
    private static final String PASSWORD = "s3cret-for-tests";
    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static Path truststore;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        Path keystore = dir.resolve("broker.p12");
        truststore = dir.resolve("truststore.p12");
        Path certificate = dir.resolve("broker.pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-rfc",
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);

        broker = EmbeddedKafkaBroker.start(Map.of(
                "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.sasl_ssl.ssl.keystore.location", keystore.toString(),
                "listener.name.sasl_ssl.ssl.keystore.password", STORE_PASSWORD,
                "listener.name.sasl_ssl.ssl.key.password", STORE_PASSWORD,
                "listener.name.sasl_ssl.ssl.keystore.type", "PKCS12"), "SASL_SSL");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), PASSWORD))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static String securedConfig(Path stateDir, String password) {
        String security = """
                security.protocol: SASL_SSL
                sasl.mechanism: SCRAM-SHA-512
                sasl.jaas.config: 'org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";'
                ssl.truststore.location: %s
                ssl.truststore.password: %s
                ssl.truststore.type: PKCS12
                """.formatted(USER, password, truststore, STORE_PASSWORD);
        return CrashRestartIT.config(broker.extraListenerBootstrapServers(), stateDir, 2, security);
    }

    @Test
    void thePipelineRunsOnTheSecuredListenerWithTheConfiguredCredentials() throws Exception {
        Instant started = Instant.now();
        Path instanceDir = Files.createDirectories(dir.resolve("good"));
        Path configFile = PipelineProcess.writeConfig(instanceDir, securedConfig(instanceDir.resolve("state"), PASSWORD));
        TracepipeConfig cfg = ConfigLoader.load(configFile);
        Map<String, Object> client = StreamsProperties.client(cfg);
        assertThat(client).containsEntry("security.protocol", "SASL_SSL");

        try (PipelineProcess pipeline = PipelineProcess.start(configFile)) {
            pipeline.awaitRunning(Duration.ofSeconds(90));
            Set<String> sent;
            try (Traffic traffic = Traffic.start(client, cfg.topics().names().input(), CrashRestartIT.traffic(9), FaultSchedule.NONE)) {
                Thread.sleep(5_000);
                sent = traffic.stop();
            }
            ExactlyOnce.Tally tally = ExactlyOnce.sampledTraces(broker.bootstrapServers(), cfg.topics().names().sampledTraces(), sent,
                    Duration.ofMinutes(1), Duration.ofSeconds(2));
            Figures.record("SecureClusterIT", started, "SASL_SSL (SCRAM-SHA-512 over TLS) listener", tally, "pipeline and traffic on SASL_SSL");
            tally.assertExactlyOnce();
        }
    }

    @Test
    void aWrongPasswordFailsTheStartWithOneLineNamingTheCause() throws Exception {
        Path instanceDir = Files.createDirectories(dir.resolve("bad"));
        Path configFile = PipelineProcess.writeConfig(instanceDir, securedConfig(instanceDir.resolve("state"), "not-the-password"));

        try (PipelineProcess pipeline = PipelineProcess.start(configFile)) {
            Integer exit = pipeline.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("tracepipe run stops by itself; its log:%n%s", pipeline.log()).isNotNull().isNotZero();
            List<String> lines = pipeline.lines();
            List<String> ours = lines.stream().filter(l -> l.startsWith("tracepipe: ")).toList();
            System.out.println("RELIABILITY wrong password: exit code " + exit + ", " + lines.size() + " lines of output; tracepipe's: " + ours);
            assertThat(ours).as("one line of tracepipe's own; output:%n%s", pipeline.log()).singleElement().satisfies(line -> assertThat(line)
                    .contains("authentication to Kafka at " + broker.extraListenerBootstrapServers() + " failed")
                    .contains("invalid credentials").contains("sasl.jaas.config").contains("kafka.properties"));
            assertThat(lines).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:"));
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
