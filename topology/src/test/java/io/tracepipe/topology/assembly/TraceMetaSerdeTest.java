package io.tracepipe.topology.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.sampling.SamplingDecision;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TraceMetaSerdeTest {
    private final TraceMetaSerde serde = new TraceMetaSerde();
    private final TraceMeta emitted = TraceMeta.firstPart(1_000).withFragment(1_200, 7).emitted(12_000, Completion.INACTIVITY, false);

    @Test
    void aTraceNotYetDecidedReadsBackWithoutADecision() {
        TraceMeta read = roundTrip(emitted);

        assertThat(read).usingRecursiveComparison().isEqualTo(emitted);
        assertThat(read.samplingDecision()).isNull();
    }

    @Test
    void theSamplingDecisionIsStoredAsAKeepByteAndThePolicyName() {
        TraceMeta decided = emitted.withSamplingDecision(new SamplingDecision(true, "errors"));

        byte[] bytes = serde.serializer().serialize("store", decided);

        // the layout the metadata store already holds: the decision follows the fixed fields
        byte[] tail = Arrays.copyOfRange(bytes, bytes.length - 7, bytes.length);
        assertThat(tail).isEqualTo(new byte[] {1, 'e', 'r', 'r', 'o', 'r', 's'});
        assertThat(roundTrip(decided).samplingDecision()).isEqualTo(new SamplingDecision(true, "errors"));
        assertThat(roundTrip(emitted.withSamplingDecision(new SamplingDecision(false, "no_policy_matched"))).samplingDecision())
                .isEqualTo(new SamplingDecision(false, "no_policy_matched"));
    }

    @Test
    void aLatePartKeepsWhereTheEarlierPartsAreAndHowTheLastWasCompleted() {
        TraceMeta third = emitted.nextPart(20_000).withFragment(20_000, 1).emitted(31_000, Completion.MAX_DURATION, true)
                .nextPart(40_000).withFragment(40_000, 2);

        TraceMeta read = roundTrip(third);

        assertThat(read).usingRecursiveComparison().isEqualTo(third);
        assertThat(read.earlierParts()).containsExactly(new TraceMeta.StoredPart(1_000, 1), new TraceMeta.StoredPart(20_000, 1));
        assertThat(read.completion()).isEqualTo(Completion.MAX_DURATION);
        assertThat(read.completedByLagBound()).isTrue();
    }

    @Test
    void aRecordAnOlderVersionWroteIsStillRead() {
        // version 2: the fixed fields and the decision, without completion and earlier parts
        byte[] v2 = ByteBuffer.allocate(1 + 1 + 4 + 8 * 3 + 4 + 4 + 8 + 3).put((byte) 2).put((byte) 0).putInt(1)
                .putLong(1_000).putLong(1_200).putLong(1_000).putInt(7).putInt(1).putLong(12_000)
                .put((byte) 0).put((byte) 'n').put((byte) 'o').array();

        TraceMeta read = serde.deserializer().deserialize("store", v2);

        assertThat(read.open()).isFalse();
        assertThat(read.spanCount()).isEqualTo(7);
        assertThat(read.earlierParts()).isEmpty();
        assertThat(read.completion()).isNull();
        assertThat(read.samplingDecision()).isEqualTo(new SamplingDecision(false, "no"));
    }

    private TraceMeta roundTrip(TraceMeta meta) {
        return serde.deserializer().deserialize("store", serde.serializer().serialize("store", meta));
    }
}
