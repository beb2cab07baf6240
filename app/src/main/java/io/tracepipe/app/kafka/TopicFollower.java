package io.tracepipe.app.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one topic with a read_committed consumer of its own (a fresh group, nothing committed)
 * and hands each record on, until stopped; a consumer that fails stops with a warning.
 */
public final class TopicFollower implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final boolean fromBeginning;
    private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /** @param fromBeginning read the records already there, or only those that come from now on */
    public TopicFollower(Map<String, Object> clientProperties, String topic, boolean fromBeginning, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.fromBeginning = fromBeginning;
        this.handler = handler;
    }

    @Override
    public void run() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "tracepipe-follow-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(List.of(topic));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(200))) {
                    handler.accept(rec);
                }
            }
        } catch (WakeupException | InterruptException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.warn("following topic {} stopped: {}", topic, e.toString());
        }
    }

    /** Stops the consumer; {@link #run()} returns soon after. */
    public void stop() {
        running.set(false);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
