package io.tracepipe.app.kafka;

import io.tracepipe.app.config.TracepipeConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Turns the configuration into Kafka Streams and client properties. */
public final class StreamsProperties {
    /**
     * The largest record tracepipe writes to its dead-letter topic and to the topics Kafka Streams
     * creates for it (repartition, changelogs). Each such record is one input record (or part of
     * it) plus keys and headers, so an input record at the broker's default 1 MB limit must still
     * fit; assembled traces are split below 1 MB instead (they go to a topic others read).
     */
    public static final int MAX_RECORD_BYTES = 2 * 1024 * 1024;

    private StreamsProperties() {}

    /**
     * The Streams properties; a {@code kafka.group-instance-id} of {@code auto} must have been resolved
     * ({@link GroupInstanceId#resolve}, as {@link PipelineRunner} does) to become {@code group.instance.id}.
     */
    public static Properties streams(TracepipeConfig config) {
        TracepipeConfig.KafkaSettings kafka = config.kafka();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, kafka.processingGuarantee());
        p.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir());
        // The repartition topic has as many partitions as the input; internal topics take the
        // configured replication (or the broker's default).
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topics().replicationFactor());
        if (kafka.rocksDbMemoryMb() > 0) {
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
            p.put(BoundedRocksDbMemory.MEMORY_BYTES, Long.toString(kafka.rocksDbMemoryMb() * 1024L * 1024L));
        }
        String groupInstanceId = kafka.groupInstanceId();
        if (GroupInstanceId.isConcrete(groupInstanceId)) {
            // static membership: a restarted instance gets its partitions back without a rebalance,
            // without waiting for the session of the member it replaces to expire
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId);
        }
        producerDefault(p, kafka.properties(), ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        // Spans compress well (the same attribute keys and resources over and over): lz4 cuts the
        // bytes each span costs the broker (repartition, changelog, output) for little CPU; see docs/BENCHMARKS.md.
        producerDefault(p, kafka.properties(), ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // One batch per partition and commit rather than one per 16 KiB: every new batch costs the stream thread a fresh
        // compression buffer (lz4: 64 KiB and a checksum) and a wake-up of the sender; see docs/BENCHMARKS.md.
        producerDefault(p, kafka.properties(), ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(MAX_RECORD_BYTES));
        // Client properties from the file come last, so users can tune or secure any of them.
        p.putAll(kafka.properties());
        return p;
    }

    /** The producer's batch size by default: 256 KiB. */
    static final int BATCH_BYTES = 256 * 1024;

    /**
     * A producer setting of ours, unless the file sets it, prefixed or not: Streams lets a
     * {@code producer.}-prefixed value win over a plain one, so ours must not be there when the user's is.
     */
    private static void producerDefault(Properties p, Map<String, String> userProperties, String key, Object value) {
        if (!userProperties.containsKey(key) && !userProperties.containsKey(StreamsConfig.producerPrefix(key))) {
            p.put(StreamsConfig.producerPrefix(key), value);
        }
    }

    /** Properties for plain clients (admin, producer, consumer): the connection and security settings. */
    public static Map<String, Object> client(TracepipeConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        config.kafka().properties().forEach((k, v) -> {
            if (isConnectionSetting(k)) {
                p.put(k, v);
            }
        });
        return p;
    }

    private static boolean isConnectionSetting(String key) {
        return key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl.")
                || key.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG);
    }
}
