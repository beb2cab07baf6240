package io.tracepipe.topology.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class DeadlineIndexTest {
    private final DeadlineIndex index = new DeadlineIndex();

    @Test
    void givesOnlyWhatIsDueEarliestFirstAndForgetsIt() {
        index.add(5_000, id(3));
        index.add(1_000, id(1));
        index.add(2_000, id(2));

        assertThat(index.pollDue(2_000, 100)).containsExactly(id(1), id(2));
        assertThat(index.pollDue(2_000, 100)).isEmpty();
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.pollDue(9_000, 100)).containsExactly(id(3));
        assertThat(index.size()).isZero();
    }

    @Test
    void neverGivesATraceBeforeItsDeadline() {
        index.add(1_001, id(1));

        assertThat(index.pollDue(1_000, 100)).isEmpty();
        assertThat(index.pollDue(1_001 + DeadlineIndex.SLOT_MS, 100)).containsExactly(id(1));
    }

    @Test
    void stopsAtTheLimitAndKeepsTheRestForTheNextCall() {
        for (int i = 0; i < 10; i++) {
            index.add(1_000 + i * 100L, id(i));
        }

        List<Bytes> first = index.pollDue(10_000, 4);
        List<Bytes> rest = index.pollDue(10_000, 100);

        assertThat(first).hasSize(4);
        assertThat(rest).hasSize(6);
        assertThat(first).doesNotContainAnyElementsOf(rest);
    }

    @Test
    void keepsEveryIdOfASharedSlot() {
        for (int i = 0; i < 100; i++) {
            index.add(1_000, id(i));
        }
        assertThat(index.pollDue(2_000, 10)).hasSize(100).doesNotHaveDuplicates();
    }

    @Test
    void namesEveryIdItHolds() {
        index.add(1_000, id(1));
        index.add(9_000, id(2));
        index.add(9_000, id(3));
        List<Bytes> named = new java.util.ArrayList<>();

        index.forEachId(id -> named.add(Bytes.wrap(id)));

        assertThat(named).containsExactlyInAnyOrder(id(1), id(2), id(3));
    }

    private static Bytes id(int n) {
        byte[] id = new byte[16];
        id[15] = (byte) n;
        id[0] = 1;
        return Bytes.wrap(id);
    }
}
