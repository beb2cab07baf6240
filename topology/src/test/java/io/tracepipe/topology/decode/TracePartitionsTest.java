package io.tracepipe.topology.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TracePartitionsTest {
    private final Random random = new Random(7);

    @Test
    void picksThePartitionTheCollectorWritesTheTracesRecordTo() {
        for (int i = 0; i < 1_000; i++) {
            byte[] traceId = new byte[16];
            random.nextBytes(traceId);
            assertThat(TracePartitions.of(traceId, 6)).isEqualTo(CollectorPartitioner.partition(CollectorPartitioner.key(traceId), 6));
        }
    }

    @Test
    void sendsABundleToThePartitionItsKeyNames() {
        for (int p = 0; p < 6; p++) {
            assertThat(TracePartitions.partitioner().partitions("t", TracePartitions.key(p), null, 6)).contains(Set.of(p));
        }
    }

    @Test
    void keepsEachTraceInOnePartitionWhenTheTopicHasAnotherSize() {
        // grouped for 6 partitions, written to a topic of 4: still a function of the trace id
        for (int i = 0; i < 1_000; i++) {
            byte[] traceId = new byte[16];
            random.nextBytes(traceId);
            int grouped = TracePartitions.of(traceId, 6);
            Set<Integer> sent = TracePartitions.partitioner().partitions("t", TracePartitions.key(grouped), null, 4).orElseThrow();
            assertThat(sent).containsExactly(grouped % 4);
        }
    }
}
