package io.tracepipe.app.evidence;

import io.tracepipe.alerting.AlertJson;
import io.tracepipe.alerting.AlertStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts that are open now, as published: a consumer of its own follows the compacted alert
 * topic from the beginning (read_committed) and keeps the latest JSON of every fingerprint whose
 * latest state is firing. Every instance holds the whole view, so the page needs no fan-out.
 */
public final class OpenAlerts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAlerts.class);

    private final Map<String, String> firing = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    private OpenAlerts(Map<String, Object> clientProperties, String topic) {
        this.thread = new Thread(() -> consume(clientProperties, topic), "tracepipe-open-alerts");
        thread.setDaemon(true);
    }

    /** Starts following {@code topic} with these connection settings. */
    public static OpenAlerts follow(Map<String, Object> clientProperties, String topic) {
        OpenAlerts alerts = new OpenAlerts(clientProperties, topic);
        alerts.thread.start();
        return alerts;
    }

    /** The JSON of every open alert, as published. */
    public List<String> json() {
        return new ArrayList<>(firing.values());
    }

    void accept(String fingerprint, String json) {
        if (json == null) {
            firing.remove(fingerprint);
            return;
        }
        try {
            if (AlertJson.fromJson(json).status() == AlertStatus.FIRING) {
                firing.put(fingerprint, json);
            } else {
                firing.remove(fingerprint);
            }
        } catch (RuntimeException e) {
            LOG.warn("alert {} is unreadable: {}", fingerprint, e.getMessage());
        }
    }

    private void consume(Map<String, Object> clientProperties, String topic) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "tracepipe-open-alerts-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(List.of(topic));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(500))) {
                    if (rec.key() != null) {
                        accept(new String(rec.key(), StandardCharsets.UTF_8),
                                rec.value() == null ? null : new String(rec.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (WakeupException | InterruptException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("following the alert topic stopped: {}", e.toString());
        }
    }

    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
