package io.tracepipe.topology.decode;

import io.tracepipe.ingest.Ids;
import java.nio.charset.StandardCharsets;

/**
 * Where the OpenTelemetry Collector's {@code kafka} exporter puts a trace with
 * {@code partition_traces_by_id: true}: one record per trace, keyed by the trace id in lowercase
 * hex (32 ASCII bytes), on the partition its Kafka client's default partitioner picks for that key.
 * Both clients the exporter has used (Sarama, and franz-go with its Sarama-compatible partitioner)
 * hash the key with 32-bit FNV-1a and take {@code |int32(hash) % partitions|}, not the murmur2 of
 * Kafka's Java client.
 */
public final class CollectorPartitioner {
    private static final int FNV_OFFSET_BASIS = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;

    private CollectorPartitioner() {}

    /** The record key the exporter writes for a trace: its id in lowercase hex. */
    public static byte[] key(byte[] traceId) {
        return Ids.toHex(traceId).getBytes(StandardCharsets.US_ASCII);
    }

    /** The partition the exporter's client picks for {@code key} among {@code partitions}. */
    public static int partition(byte[] key, int partitions) {
        return Math.abs(fnv1a(key) % partitions); // Java's % truncates toward zero, as Go's does
    }

    /** The partition of a trace id's record: {@link #partition} of its {@link #key}, without building the key. */
    public static int ofTraceId(byte[] traceId, int partitions) {
        int hash = FNV_OFFSET_BASIS;
        for (byte b : traceId) {
            hash = (hash ^ HEX_DIGITS[(b >>> 4) & 0xF]) * FNV_PRIME;
            hash = (hash ^ HEX_DIGITS[b & 0xF]) * FNV_PRIME;
        }
        return Math.abs(hash % partitions);
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static int fnv1a(byte[] bytes) {
        int hash = FNV_OFFSET_BASIS;
        for (byte b : bytes) {
            hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
        }
        return hash;
    }
}
