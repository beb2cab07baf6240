package io.tracepipe.app.cli;

import io.tracepipe.alerting.AlertJson;
import io.tracepipe.alerting.AlertLine;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicFollower;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracepipe alerts --follow}: prints alerts from the alert topic, one readable line each. */
@Command(name = "alerts", description = "Print the alerts of the alert topic readably, one line each.")
final class AlertsCommand implements Callable<Integer> {
    @Option(names = "--follow", description = "keep printing new alerts until stopped (default: print what is there and exit)")
    boolean follow;

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: from --config, else localhost:9092)")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE", description = "tracepipe.yaml, for the topic name and client/security properties")
    Path config;

    @Option(names = "--no-colour", negatable = true, defaultValue = "true", description = "colour lines by status (default: when on a terminal)")
    boolean colour;

    @Override
    public Integer call() throws Exception {
        TracepipeConfig cfg = config == null ? TracepipeConfig.defaults() : ConfigLoader.load(config);
        if (bootstrapServers != null) {
            cfg = cfg.withKafka(cfg.kafka().withBootstrapServers(bootstrapServers));
        }
        boolean ansi = colour && CommandLine.Help.Ansi.AUTO.enabled();
        TopicFollower follower = new TopicFollower(StreamsProperties.client(cfg), cfg.topics().names().alerts(), true,
                rec -> System.out.println(line(rec, ansi)));
        Thread thread = new Thread(follower, "tracepipe-alerts");
        thread.start();
        Runtime.getRuntime().addShutdownHook(new Thread(follower::stop));
        if (!follow) {
            thread.join(5_000);
            follower.stop();
        }
        thread.join();
        return 0;
    }

    /** One alert record as a line; a record that is not alert JSON is shown as such, not dropped. */
    static String line(ConsumerRecord<byte[], byte[]> rec, boolean colour) {
        String json = rec.value() == null ? "" : new String(rec.value(), StandardCharsets.UTF_8);
        try {
            return AlertLine.format(AlertJson.fromJson(json), colour);
        } catch (IllegalArgumentException e) {
            return "(not an alert: " + e.getMessage() + ") " + json;
        }
    }
}
