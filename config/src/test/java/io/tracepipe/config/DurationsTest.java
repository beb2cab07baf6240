package io.tracepipe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "10s, PT10S",
        "1m, PT1M",
        "1h, PT1H",
        "1d, PT24H",
        "1.5s, PT1.5S",
        "1h30m, PT1H30M",
        "250us, PT0.00025S",
        "7ns, PT0.000000007S",
        "PT1M, PT1M",
        "pt0.5s, PT0.5S",
    })
    void reads_units_and_iso_8601(String written, String iso) {
        assertThat(Durations.parse(written)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "10 s", "1.5", "ms", "-1s", "1w", "1s garbage", "P1X", "0.5ns"})
    void rejects_what_is_not_a_duration(String written) {
        assertThatThrownBy(() -> Durations.parse(written)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "PT1M, 1m",
        "PT30S, 30s",
        "PT1H30M, 1h30m",
        "PT0.5S, 500ms",
        "PT1.25S, 1s250ms",
        "PT0S, 0s",
        "PT48H, 2d",
        "PT0.000001001S, 1us1ns",
    })
    void writes_durations_as_rules_do(String iso, String written) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(written);
        assertThat(Durations.parse(written)).isEqualTo(Duration.parse(iso));
    }
}
