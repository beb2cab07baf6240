package io.tracepipe.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNameTest {

    @Test
    void aSwapOfTwoLettersIsOneEdit() {
        assertThat(ClosestName.among("emial", List.of("email", "card_number"))).isEqualTo("email");
    }

    @Test
    void shortNamesAreSuggestedOnlyOneEditAway() {
        assertThat(ClosestName.among("avro", List.of("otlp_proto", "otlp_json", "auto"))).isNull();
        assertThat(ClosestName.among("EROR", List.of("ERROR", "OK", "UNSET"))).isEqualTo("ERROR");
    }

    @Test
    void equallyCloseNamesAreNoSuggestion() {
        assertThat(ClosestName.among("p98", List.of("p50", "p90", "p95", "p99"))).isNull();
        assertThat(ClosestName.hint("z", List.of("x", "y"), "its sub-policies")).isEqualTo("; its sub-policies: x, y");
    }

    @Test
    void aCaseDifferenceIsNoEdit() {
        assertThat(ClosestName.suggestion("Windw", List.of("window", "advance"))).isEqualTo("; did you mean 'window'?");
        assertThat(ClosestName.suggestion("colour", List.of("window", "advance"))).isEmpty();
    }
}
