package io.tracepipe.topology.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class YoungFragmentsTest {
    private static final Bytes TRACE = Bytes.wrap(new byte[] {1, 2, 3});
    private static final Bytes OTHER = Bytes.wrap(new byte[] {4, 5, 6});

    @Test
    void givesBackEveryFragmentOfAPartInOrderOnce() {
        YoungFragments young = new YoungFragments(new YoungFragments.Budget(1_000));
        young.add(TRACE, 0, new byte[] {10});
        young.add(TRACE, 1, new byte[] {11});

        assertThat(young.take(TRACE, 2)).containsExactly(new byte[] {10}, new byte[] {11});
        assertThat(young.take(TRACE, 2)).isNull();
        assertThat(young.bytes()).isZero();
    }

    @Test
    void holdsATraceWholeOrNotAtAll() {
        YoungFragments young = new YoungFragments(new YoungFragments.Budget(10));
        young.add(TRACE, 0, new byte[6]);
        young.add(OTHER, 0, new byte[3]);
        young.add(TRACE, 1, new byte[6]); // over the budget: the trace is dropped, not held in part
        young.add(TRACE, 2, new byte[1]); // its earlier fragments are gone: not held either

        assertThat(young.take(TRACE, 3)).isNull();
        assertThat(young.take(OTHER, 1)).hasSize(1);
    }

    @Test
    void theTasksOfAnInstanceShareOneBudgetAndGiveItBackWhenTheyClose() {
        YoungFragments.Budget budget = new YoungFragments.Budget(10);
        YoungFragments task1 = new YoungFragments(budget);
        YoungFragments task2 = new YoungFragments(budget);
        task1.add(TRACE, 0, new byte[8]);
        task2.add(OTHER, 0, new byte[8]); // does not fit beside task 1's

        assertThat(task2.take(OTHER, 1)).isNull();
        task1.clear();
        assertThat(budget.left()).isEqualTo(10);
        task2.add(OTHER, 0, new byte[8]);
        assertThat(task2.take(OTHER, 1)).hasSize(1);
        assertThat(budget.left()).isEqualTo(10);
    }

    @Test
    void aFragmentMissingFromMemoryMeansTheStoreIsRead() {
        YoungFragments young = new YoungFragments(new YoungFragments.Budget(1_000));
        young.add(TRACE, 1, new byte[] {11}); // fragment 0 was stored before a restart

        assertThat(young.take(TRACE, 2)).isNull();
    }

    @Test
    void aNewPartStartsAfresh() {
        YoungFragments young = new YoungFragments(new YoungFragments.Budget(1_000));
        young.add(TRACE, 0, new byte[] {10});
        young.add(TRACE, 1, new byte[] {11});
        young.add(TRACE, 0, new byte[] {20}); // part 2 of the trace, after part 1 was emitted from the store

        assertThat(young.take(TRACE, 1)).containsExactly(new byte[] {20});
        assertThat(young.bytes()).isZero();
    }
}
