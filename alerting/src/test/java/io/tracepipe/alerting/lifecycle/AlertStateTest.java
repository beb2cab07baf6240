package io.tracepipe.alerting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlertStateTest {

    private static final AlertState FIRING = new AlertState(
            AlertState.Phase.FIRING, 1_772_366_700_000L, 4, 1, 1_772_366_400_000L, 1_772_366_640_000L, 1_772_366_645_123L);

    @Test
    void roundTripsEveryPhaseAndTheInitialState() {
        for (AlertState.Phase phase : AlertState.Phase.values()) {
            AlertState state = new AlertState(phase, 5, 2, 1, 3, 4, 6);
            assertThat(AlertState.decode(state.encode())).isEqualTo(state);
        }
        assertThat(AlertState.decode(AlertState.initial().encode())).isEqualTo(AlertState.initial());
        assertThat(AlertState.decode(FIRING.encode())).isEqualTo(FIRING);
    }

    @Test
    void encodingIsVersionedAndFixedSize() {
        byte[] bytes = FIRING.encode();
        assertThat(bytes).hasSize(42);
        assertThat(bytes[0]).as("format version").isEqualTo((byte) 1);
        assertThat(bytes[1]).as("phase code").isEqualTo((byte) 2);
    }

    @Test
    void refusesWhatItCannotRead() {
        byte[] future = FIRING.encode();
        future[0] = 2;
        assertThatThrownBy(() -> AlertState.decode(future)).hasMessageContaining("version 2");
        assertThatThrownBy(() -> AlertState.decode(new byte[] {1, 0})).hasMessageContaining("42 bytes");
        assertThatThrownBy(() -> AlertState.decode(new byte[0])).hasMessageContaining("empty");
        byte[] badPhase = FIRING.encode();
        badPhase[1] = 9;
        assertThatThrownBy(() -> AlertState.decode(badPhase)).hasMessageContaining("phase code 9");
    }
}
