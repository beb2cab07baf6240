package io.tracepipe.topology.decode;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Which partition of the repartition topic a trace id belongs to (Kafka's own hash of the key
 * bytes), and the partitioner that sends a bundle, keyed by that partition number, there.
 */
public final class TracePartitions {
    private TracePartitions() {}

    /** The partition of a 16-byte trace id among {@code partitions}, as Kafka's default partitioner would pick it. */
    public static int of(byte[] traceId, int partitions) {
        return Utils.toPositive(Utils.murmur2(traceId)) % partitions;
    }

    static Bytes key(int partition) {
        return Bytes.wrap(ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
    }

    static int partitionOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getInt();
    }

    /**
     * Sends a bundle to the partition its key names. Should the topic have another size than the
     * decoder grouped for, the partition is taken modulo that size: still a function of the trace
     * id, so a trace's fragments still meet in one task (only less evenly spread).
     */
    public static <V> StreamPartitioner<Bytes, V> partitioner() {
        return (topic, key, value, numPartitions) -> Optional.of(Set.of(partitionOf(key) % numPartitions));
    }
}
