package io.tracepipe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScalarsTest {

    @ParameterizedTest
    @CsvSource({"10000, 10000", "10_000, 10000", "1_000_000, 1000000", "-5, -5", "+7, 7", "' 42 ', 42", "007, 7"})
    void wholeNumbersMayGroupTheirDigitsWithUnderscores(String written, long value) {
        assertThat(Scalars.wholeNumber(written, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "many", "10,000", "10 000", "_10", "10_", "1__0", "0x1F", "1e3", "1.0", "1_000.5"})
    void whatIsNotAWholeNumber(String written) {
        assertThatThrownBy(() -> Scalars.wholeNumber(written, Long.MIN_VALUE, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + written + "' is not a whole number");
    }

    @ParameterizedTest
    @CsvSource({"0.25, 0.25", "1_000.5, 1000.5", ".5, 0.5", "5., 5", "1.5e3, 1500", "-2, -2", "0.000_1, 0.0001"})
    void decimalsUseTheSameDigitsAndAddAFractionAndAnExponent(String written, BigDecimal value) {
        assertThat(Scalars.decimal(written)).isEqualByComparingTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", ".inf", "Infinity", "0x1p3", "1,5", "10%", "1e", "."})
    void whatIsNotANumber(String written) {
        assertThatThrownBy(() -> Scalars.decimal(written)).hasMessage("'" + written + "' is not a number");
    }

    @Test
    void rangesAreCheckedWithTheBoundInTheMessage() {
        assertThatThrownBy(() -> Scalars.wholeNumber("0", 1, 10)).hasMessage("0 is below the minimum of 1");
        assertThatThrownBy(() -> Scalars.wholeNumber("10_001", 1, 10_000)).hasMessage("10001 is above the maximum of 10000");
        assertThatThrownBy(() -> Scalars.wholeNumber("99999999999999999999", 0, Long.MAX_VALUE))
                .hasMessage("99999999999999999999 is above the maximum of 9223372036854775807");
        assertThatThrownBy(() -> Scalars.decimal("101", BigDecimal.ZERO, BigDecimal.valueOf(100)))
                .hasMessage("101 is not in [0, 100]");
    }

    @Test
    void choicesIgnoreCaseAndSuggestOnlyAnUnambiguousNeighbour() {
        Map<String, Integer> percentiles = new LinkedHashMap<>();
        percentiles.put("p90", 90);
        percentiles.put("p95", 95);
        percentiles.put("p99", 99);

        assertThat(Scalars.choice("P95", percentiles)).isEqualTo(95);
        assertThatThrownBy(() -> Scalars.choice("p98", percentiles)).hasMessage("'p98' is not one of p90, p95, p99");
        assertThatThrownBy(() -> Scalars.choice("p9", Map.of("p95", 95)))
                .hasMessage("'p9' is not one of p95; did you mean 'p95'?");
    }
}
