package io.tracepipe.topology.cli;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.topology.assembly.TraceAssembler;
import io.tracepipe.topology.HeaderValues;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Follows the sampled-traces topic (read_committed) and prints one line per trace. */
final class TracePrinter implements Runnable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final PrintStream out;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private long printed;

    TracePrinter(Map<String, Object> clientProperties, String topic, PrintStream out) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.out = out;
    }

    @Override
    public void run() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "tracepipe-printer-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                    out.println(line(rec));
                    printed++;
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        running.set(false);
    }

    long printed() {
        return printed;
    }

    static String line(ConsumerRecord<String, byte[]> rec) {
        TraceSummary s;
        try {
            s = TraceSummary.of(TracesData.parseFrom(rec.value()));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return rec.key() + "  (unreadable: " + e.getMessage() + ")";
        }
        StringBuilder line = new StringBuilder()
                .append(TIME.format(Instant.ofEpochMilli(rec.timestamp()))).append("  trace ").append(rec.key()).append("  ")
                .append(String.format("%-10s %-22s %4d spans %7d ms", s.rootService(), s.rootOperation(), s.spanCount(), s.duration().toMillis()));
        if (s.hasErrors()) {
            line.append("  ERROR(").append(s.errorSpans()).append(')');
        }
        if ("true".equals(HeaderValues.text(rec.headers(), TraceAssembler.HEADER_LATE))) {
            line.append("  late part ").append(HeaderValues.text(rec.headers(), TraceAssembler.HEADER_PART));
        }
        if ("true".equals(HeaderValues.text(rec.headers(), TraceAssembler.HEADER_TRUNCATED))) {
            line.append("  truncated (").append(HeaderValues.text(rec.headers(), TraceAssembler.HEADER_COMPLETION)).append(')');
        }
        return line.toString();
    }
}
