package io.tracepipe.anomaly.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BaselineStateTest {

    @Test
    void encode_and_decode_round_trip() {
        BaselineState state = BaselineState.initial().updated(0.25, 0.2).updated(0.31, 0.2).meanNudged(2.0, 0.02);

        BaselineState decoded = BaselineState.decode(state.encode());

        assertThat(decoded).isEqualTo(state);
        assertThat(state.encode()).hasSize(25);
    }

    @Test
    void decode_rejects_what_it_did_not_write() {
        byte[] bytes = new BaselineState(1, 0.1, 3).encode();
        byte[] future = bytes.clone();
        future[0] = 9;

        assertThatThrownBy(() -> BaselineState.decode(future)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaselineState.decode(Arrays.copyOf(bytes, 24))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_bound_is_the_wider_of_the_spread_and_min_delta() {
        BaselineState state = new BaselineState(0.2, 0.01, 10);

        assertThat(state.upperBound(3, 0)).isEqualTo(0.2 + 3 * 0.01);
        assertThat(state.upperBound(3, 0.05)).isEqualTo(0.2 + 0.05);
        assertThat(state.snapshot(3, 0.05)).isEqualTo(new BaselineSnapshot(0.2, 0.01, 0.25, 10));
    }

    @Test
    void rejects_impossible_states() {
        assertThatThrownBy(() -> new BaselineState(Double.NaN, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BaselineState(0, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaselineState.initial().updated(Double.POSITIVE_INFINITY, 0.2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
