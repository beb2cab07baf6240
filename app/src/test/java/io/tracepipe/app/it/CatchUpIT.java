package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.topology.assembly.TraceAssembler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catching up: five minutes of shop traffic are written while no pipeline runs, then the pipeline
 * starts on the backlog. Every trace must come out whole, in one part (no late part: all its spans
 * were in the topic before the start), and every span exactly once.
 *
 * <p>The five minutes are generated, not waited for: the generator runs on a clock of its own from
 * five minutes before the start to the start, and every record gets the timestamp of its export on
 * that clock ({@code Traffic.backlog}). The pipeline measures gaps in record time, never in the
 * time records took to be written, so to it these records are what a Collector writing for five
 * minutes would have left; only a topic with {@code message.timestamp.type=LogAppendTime} would
 * tell them apart, and tracepipe's input is not such a topic. {@code -Dreliability.rate} (default 15)
 * sets the traces per second of those five minutes.
 */
class CatchUpIT {
    private static final Duration BACKLOG = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void aBacklogWrittenWhileThePipelineWasStoppedComesOutInWholeTracesExactlyOnce() throws Exception {
        Instant started = Instant.now();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Path configFile = PipelineProcess.writeConfig(dir, CrashRestartIT.config(broker.bootstrapServers(), dir.resolve("state"), 4, ""));
            TracepipeConfig cfg = ConfigLoader.load(configFile);
            Map<String, Object> client = StreamsProperties.client(cfg);
            TopicCreator.createMissing(client, cfg.topics());

            Instant start = Instant.now();
            Set<String> sent;
            int traces;
            try (Traffic backlog = Traffic.backlog(client, cfg.topics().names().input(), CrashRestartIT.traffic(7), CrashRestartIT.FAULTS,
                    start.minus(BACKLOG), start)) {
                sent = backlog.stop();
                traces = backlog.traces().size();
            }
            Instant written = Instant.now();
            try (PipelineProcess pipeline = PipelineProcess.start(configFile)) {
                ExactlyOnce.Tally tally = ExactlyOnce.sampledTraces(broker.bootstrapServers(), cfg.topics().names().sampledTraces(), sent,
                        Duration.ofMinutes(3), Duration.ofSeconds(5));
                Duration caughtUp = Duration.between(written, Instant.now());
                List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readUntil(broker.bootstrapServers(),
                        cfg.topics().names().sampledTraces(), Duration.ofSeconds(30), r -> r.size() >= tally.records());
                List<String> laterParts = records.stream().filter(r -> !"1".equals(header(r, TraceAssembler.HEADER_PART)))
                        .map(r -> new String(r.key(), StandardCharsets.UTF_8) + " part " + header(r, TraceAssembler.HEADER_PART))
                        .toList();
                String metrics = Http.body("http://localhost:" + pipeline.httpPort(Duration.ofSeconds(10)) + "/metrics");
                String causes = java.util.Arrays.stream(metrics.split("\n"))
                        .filter(l -> l.startsWith("tracepipe_late_parts_total") || l.startsWith("tracepipe_lag_bound_completions_total"))
                        .collect(java.util.stream.Collectors.joining(", "));
                Figures.record("CatchUpIT", started, "a backlog of " + BACKLOG.toMinutes() + " min (" + traces + " traces) written before the start",
                        tally, "written in " + Duration.between(start, written).toSeconds() + " s; start to every span out "
                                + caughtUp.toSeconds() + " s; late parts " + laterParts.size() + " (" + causes + ")");

                assertThat(pipeline.isAlive()).as("the pipeline runs").isTrue();
                tally.assertExactlyOnce();
                assertThat(laterParts).as("traces written before the start that came out in more than one part").isEmpty();
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
