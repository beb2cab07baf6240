package io.tracepipe.topology.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class KnownTraceIdsTest {

    @Test
    void neverDeniesAnIdItWasGiven() {
        KnownTraceIds known = new KnownTraceIds(KnownTraceIds.MIN_CAPACITY);
        for (int i = 0; i < KnownTraceIds.MIN_CAPACITY; i++) {
            known.add(id(i));
        }

        for (int i = 0; i < KnownTraceIds.MIN_CAPACITY; i++) {
            assertThat(known.mightContain(id(i))).as("id %d", i).isTrue();
        }
    }

    @Test
    void deniesAlmostEveryIdItWasNotGivenEvenWhenIdsDifferOnlyInTheirLastBytes() {
        KnownTraceIds known = new KnownTraceIds(KnownTraceIds.MIN_CAPACITY);
        for (int i = 0; i < KnownTraceIds.MIN_CAPACITY; i++) {
            known.add(id(i));
        }

        int falseYes = 0;
        for (int i = KnownTraceIds.MIN_CAPACITY; i < 2 * KnownTraceIds.MIN_CAPACITY; i++) {
            falseYes += known.mightContain(id(i)) ? 1 : 0;
        }
        assertThat(falseYes).isLessThan(KnownTraceIds.MIN_CAPACITY / 50); // under 2 % at capacity
    }

    @Test
    void saysFullOnceItHoldsAsManyIdsAsItWasSizedFor() {
        KnownTraceIds known = new KnownTraceIds(10); // raised to the minimum
        for (int i = 0; i < KnownTraceIds.MIN_CAPACITY - 1; i++) {
            known.add(id(i));
        }
        assertThat(known.full()).isFalse();

        known.add(id(-1));

        assertThat(known.full()).isTrue();
    }

    // Same first half for every id (a timestamp-first id scheme): the filter must still tell them apart.
    private static byte[] id(int n) {
        return ByteBuffer.allocate(16).putLong(0x5f00_0000_0000_0001L).putLong(n).array();
    }
}
