package io.tracepipe.topology.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.sampling.SamplingDecision;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TraceMetaSerdeTest {
    private final TraceMetaSerde serde = new TraceMetaSerde();
    private final TraceMeta emitted = TraceMeta.firstPart(1_000).withFragment(1_200, 7).emitted(12_000);

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

    private TraceMeta roundTrip(TraceMeta meta) {
        return serde.deserializer().deserialize("store", serde.serializer().serialize("store", meta));
    }
}
