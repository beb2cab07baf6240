package io.tracepipe.topology.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CollectorPartitionerTest {
    @Test
    void hashesWithFnv1aAsGosHashFnvDoes() {
        // reference values of Go's hash/fnv New32a (and the FNV specification's test vectors)
        assertThat(CollectorPartitioner.fnv1a(new byte[0])).isEqualTo(0x811C9DC5);
        assertThat(CollectorPartitioner.fnv1a("a".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xE40C292C);
        assertThat(CollectorPartitioner.fnv1a("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xBF9CF968);
    }

    @Test
    void takesTheAbsoluteRemainderOfTheSignedHashAsSaramaDoes() {
        // "a" hashes to 0xE40C292C, -468965076 as an int32: -468965076 % 7 = -6, so partition 6; masking the sign
        // bit instead (Kafka's Java client, Sarama's reference partitioner) would give 3
        assertThat(CollectorPartitioner.partition("a".getBytes(StandardCharsets.US_ASCII), 7)).isEqualTo(6);
    }

    @Test
    void placesATraceIdAsItsHexKeyIsPlaced() {
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            byte[] traceId = new byte[16];
            random.nextBytes(traceId);
            int partitions = 1 + random.nextInt(64);
            assertThat(CollectorPartitioner.ofTraceId(traceId, partitions))
                    .isEqualTo(CollectorPartitioner.partition(CollectorPartitioner.key(traceId), partitions));
        }
        assertThat(new String(CollectorPartitioner.key(new byte[] {0x0a, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
                StandardCharsets.US_ASCII)).isEqualTo("0aff0000000000000000000000000001");
    }
}
