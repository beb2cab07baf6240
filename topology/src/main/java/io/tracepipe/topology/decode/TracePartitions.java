package io.tracepipe.topology.decode;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Which partition of the repartition topic a trace id belongs to, and the partitioner that sends a
 * bundle, keyed by that partition number, there. It is the partition the OpenTelemetry Collector's
 * {@code kafka} exporter writes the trace's record to with {@code partition_traces_by_id}
 * ({@link CollectorPartitioner}), so trace-keyed input is already where its spans are assembled.
 */
public final class TracePartitions {
    private TracePartitions() {}

    /** The partition of a 16-byte trace id among {@code partitions}: where the Collector puts the trace's record. */
    public static int of(byte[] traceId, int partitions) {
        return CollectorPartitioner.ofTraceId(traceId, partitions);
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
