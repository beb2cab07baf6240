package io.tracepipe.anomaly.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowingTest {

    @Test
    void tumbling_windows_are_aligned_to_the_epoch() {
        Windowing oneMinute = Windowing.tumbling(Duration.ofMinutes(1));

        assertThat(oneMinute.startsContaining(0)).containsExactly(0);
        assertThat(oneMinute.startsContaining(59_999)).containsExactly(0);
        assertThat(oneMinute.startsContaining(60_000)).containsExactly(60_000);
        assertThat(oneMinute.startsContaining(1_700_000_012_345L)).containsExactly(1_699_999_980_000L);
        assertThat(oneMinute.endOf(60_000)).isEqualTo(120_000);
        assertThat(oneMinute.isHopping()).isFalse();
    }

    @Test
    void a_timestamp_falls_in_window_over_advance_hopping_windows() {
        Windowing halves = new Windowing(Duration.ofMinutes(1), Duration.ofSeconds(30));
        assertThat(halves.isHopping()).isTrue();
        assertThat(halves.startsContaining(75_000)).containsExactly(30_000, 60_000);
        assertThat(halves.startsContaining(60_000)).containsExactly(30_000, 60_000);
        assertThat(halves.startsContaining(59_999)).containsExactly(0, 30_000);

        Windowing quarters = new Windowing(Duration.ofMinutes(1), Duration.ofSeconds(15));
        long t = 1_700_000_012_345L;
        long[] starts = quarters.startsContaining(t);
        assertThat(starts).hasSize(4);
        for (long start : starts) {
            assertThat(start % 15_000).isZero();
            assertThat(t).isGreaterThanOrEqualTo(start).isLessThan(quarters.endOf(start));
        }
        assertThat(starts[1] - starts[0]).isEqualTo(15_000);
    }

    @Test
    void timestamps_before_the_epoch_still_align() {
        Windowing w = new Windowing(Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(w.startsContaining(-1)).containsExactly(-10_000, -5_000);
    }

    @Test
    void the_rule_gives_the_windows_of_its_spans() {
        Rule rule = TestRules.rule("window: 10m", "advance: 5m", "error_rate: { above: 0.1 }");

        assertThat(rule.windowStartsContaining(Duration.ofMinutes(12).toMillis()))
                .containsExactly(Duration.ofMinutes(5).toMillis(), Duration.ofMinutes(10).toMillis());
    }

    @Test
    void rejects_an_advance_that_does_not_divide_the_window() {
        assertThatThrownBy(() -> new Windowing(Duration.ofMinutes(1), Duration.ofSeconds(25)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Windowing(Duration.ofMinutes(1), Duration.ofMinutes(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Windowing(Duration.ofNanos(1500), Duration.ofNanos(1500)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
