package io.tracepipe.topology.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracepipe.ingest.FragmentBundle;
import io.tracepipe.ingest.TraceFragment;
import io.tracepipe.topology.decode.SourcedBundle;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SourcedBundleSerdeTest {
    private final SourcedBundleSerde serde = new SourcedBundleSerde();

    @Test
    void aBundleKeepsItsSourcePartitionAndPosition() {
        byte[] id = new byte[16];
        id[0] = 7;
        SourcedBundle sent = new SourcedBundle(3, 1_700_000_000_123L,
                new FragmentBundle(List.of(new TraceFragment(id, 2, new byte[] {1, 2, 3}))));

        SourcedBundle read = roundTrip(sent);

        assertThat(read.sourcePartition()).isEqualTo(3);
        assertThat(read.positionMs()).isEqualTo(1_700_000_000_123L);
        assertThat(read.fragments()).singleElement().satisfies(f -> {
            assertThat(f.traceId()).isEqualTo(id);
            assertThat(f.spanCount()).isEqualTo(2);
            assertThat(f.tracesData()).containsExactly(1, 2, 3);
        });
    }

    @Test
    void aProgressMarkHasNoFragments() {
        SourcedBundle read = roundTrip(SourcedBundle.mark(5, 42));

        assertThat(read.isMark()).isTrue();
        assertThat(read.fragments()).isEmpty();
        assertThat(read.positionMs()).isEqualTo(42);
    }

    @Test
    void bytesOfAnotherFormatAreRefusedByName() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a sourced fragment bundle");
    }

    private SourcedBundle roundTrip(SourcedBundle b) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", b));
    }
}
