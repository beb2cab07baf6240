package io.tracepipe.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {

    @Test
    void boundsRocksDbMemoryAndSetsStaticMembership() {
        TracepipeConfig c = ConfigLoader.parse("t.yaml", "kafka:\n  rocksdb-memory-mb: 128\n",
                Map.of("TRACEPIPE_KAFKA_GROUP_INSTANCE_ID", "tracepipe-2"));
        Properties p = StreamsProperties.streams(c);
        assertThat(p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbMemory.class);
        assertThat(p.get(BoundedRocksDbMemory.MEMORY_BYTES)).isEqualTo(Long.toString(128L * 1024 * 1024));
        assertThat(p.get("group.instance.id")).isEqualTo("tracepipe-2");
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    }

    @Test
    void zeroKeepsTheStreamsDefaultsAndFilePropertiesComeLast() {
        TracepipeConfig c = ConfigLoader.parse("t.yaml",
                "kafka:\n  rocksdb-memory-mb: 0\n  properties:\n    num.standby.replicas: 1\n    ssl.truststore.location: /etc/ts.jks\n", Map.of());
        Properties p = StreamsProperties.streams(c);
        assertThat(p).doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG).doesNotContainKey("group.instance.id");
        assertThat(p.get("num.standby.replicas")).isEqualTo("1");
        assertThat(StreamsProperties.client(c)).containsEntry("ssl.truststore.location", "/etc/ts.jks")
                .doesNotContainKey("num.standby.replicas");
    }

    @Test
    void internalTopicsAndTheProducerTakeRecordsAboveTheBrokersDefaultLimitUnlessTheFileSaysOtherwise() {
        Properties defaults = StreamsProperties.streams(TracepipeConfig.defaults());
        assertThat(defaults.get("producer.max.request.size")).isEqualTo(StreamsProperties.MAX_RECORD_BYTES);
        assertThat(defaults.get("topic.max.message.bytes")).isEqualTo(Integer.toString(StreamsProperties.MAX_RECORD_BYTES));

        TracepipeConfig c = ConfigLoader.parse("t.yaml", "kafka:\n  properties:\n    producer.max.request.size: 8388608\n", Map.of());
        assertThat(StreamsProperties.streams(c).get("producer.max.request.size")).isEqualTo("8388608");
    }

    @Test
    void compressesWithLz4UnlessTheFileChoosesPrefixedOrNot() {
        assertThat(StreamsProperties.streams(TracepipeConfig.defaults()).get("producer.compression.type")).isEqualTo("lz4");

        TracepipeConfig plain = ConfigLoader.parse("t.yaml", "kafka:\n  properties:\n    compression.type: zstd\n", Map.of());
        Properties p = StreamsProperties.streams(plain);
        assertThat(p).doesNotContainKey("producer.compression.type");
        assertThat(p.get("compression.type")).isEqualTo("zstd");

        TracepipeConfig prefixed = ConfigLoader.parse("t.yaml", "kafka:\n  properties:\n    producer.compression.type: none\n", Map.of());
        assertThat(StreamsProperties.streams(prefixed).get("producer.compression.type")).isEqualTo("none");
    }

    @Test
    void batchesUpTo256KibPerPartitionUnlessTheFileChooses() {
        assertThat(StreamsProperties.streams(TracepipeConfig.defaults()).get("producer.batch.size")).isEqualTo(256 * 1024);

        TracepipeConfig plain = ConfigLoader.parse("t.yaml", "kafka:\n  properties:\n    batch.size: 16384\n", Map.of());
        Properties p = StreamsProperties.streams(plain);
        assertThat(p).doesNotContainKey("producer.batch.size");
        assertThat(p.get("batch.size")).isEqualTo("16384");
    }
}
