package io.tracepipe.devkit.kafka;

import io.tracepipe.devkit.generator.OtlpRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes generated collector records to the span topic as a Collector's {@code kafka}
 * exporter does (no key), spreading them over the partitions in turn so that the spans of one
 * trace land in different partitions.
 */
public final class SpanPublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int partitions;
    private long sent;
    private long spans;

    public SpanPublisher(Map<String, Object> clientProperties, String topic) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        List<PartitionInfo> info = producer.partitionsFor(topic);
        this.partitions = info.size();
    }

    public Future<RecordMetadata> publish(OtlpRecord record) {
        spans += record.spanCount();
        return send(record.value());
    }

    /**
     * Publishes with the record timestamp {@code timestamp} instead of the producer's clock: for
     * traffic generated ahead of time that must look as if it had been written as it happened.
     */
    public Future<RecordMetadata> publishAt(OtlpRecord record, Instant timestamp) {
        spans += record.spanCount();
        int partition = (int) (sent++ % partitions);
        return producer.send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), null, record.value()));
    }

    /** Sends raw bytes as they are (for garbage and hand-made records). */
    public Future<RecordMetadata> send(byte[] value) {
        int partition = (int) (sent++ % partitions);
        return producer.send(new ProducerRecord<>(topic, partition, null, value));
    }

    /** Waits until everything sent so far is acknowledged. */
    public void flush() {
        producer.flush();
    }

    public void publishAll(List<OtlpRecord> records) throws InterruptedException, ExecutionException {
        Future<RecordMetadata> last = null;
        for (OtlpRecord r : records) {
            last = publish(r);
        }
        producer.flush();
        if (last != null) {
            last.get();
        }
    }

    public long recordsSent() {
        return sent;
    }

    public long spansSent() {
        return spans;
    }

    @Override
    public void close() {
        producer.close();
    }
}
