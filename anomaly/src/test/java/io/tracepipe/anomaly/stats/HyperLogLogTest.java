package io.tracepipe.anomaly.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HyperLogLogTest {
    /** 95 % of estimates fall within two standard errors: 3.25 % at the default precision. */
    private static final double STATED_ERROR = 2 * HyperLogLog.standardError(HyperLogLog.DEFAULT_PRECISION);

    @Test
    void defaultStandardErrorIsAboutOnePointSixPercent() {
        assertThat(HyperLogLog.standardError(12)).isBetween(0.0162, 0.0163);
    }

    @ParameterizedTest
    @ValueSource(strings = {"req-", "9f1c-", "user:"})
    void estimatesAMillionDistinctValuesWithinTheStatedError(String prefix) {
        HyperLogLog sketch = new HyperLogLog();
        for (int i = 0; i < 1_000_000; i++) {
            sketch.add(HyperLogLog.hash(prefix + i));
            sketch.add(HyperLogLog.hash(prefix + (i / 2))); // repeats do not count
        }

        assertThat(Math.abs(sketch.estimate() - 1_000_000) / 1_000_000.0).isLessThan(STATED_ERROR);
    }

    @Test
    void countsFewValuesExactly() {
        HyperLogLog sketch = new HyperLogLog();
        for (int i = 0; i < 500; i++) {
            sketch.add(HyperLogLog.hash(i % HyperLogLog.EXACT_LIMIT));
        }

        assertThat(sketch.estimate()).isEqualTo(HyperLogLog.EXACT_LIMIT);
    }

    @Test
    void smallCountsPastTheExactPhaseStayClose() {
        HyperLogLog sketch = new HyperLogLog();
        for (int i = 0; i < 1000; i++) {
            sketch.add(HyperLogLog.hash("v" + i));
        }

        assertThat(sketch.estimate()).isBetween(970L, 1030L);
    }

    @Test
    void mergeIsAssociativeAndOrderIndependent() {
        HyperLogLog a = values(0, 50);
        HyperLogLog b = values(30, 20_000);
        HyperLogLog c = values(15_000, 60_000);

        HyperLogLog left = values(0, 0);
        left.merge(a);
        left.merge(b);
        left.merge(c);
        HyperLogLog bc = values(0, 0);
        bc.merge(c);
        bc.merge(b);
        HyperLogLog right = values(0, 0);
        right.merge(bc);
        right.merge(a);
        HyperLogLog direct = values(0, 60_000);

        assertThat(left.encode()).isEqualTo(right.encode()).isEqualTo(direct.encode());
    }

    @Test
    void mergingExactSketchesStaysExactUntilTheLimit() {
        HyperLogLog a = values(0, 60);
        a.merge(values(40, 100));

        assertThat(a.estimate()).isEqualTo(100);
        assertThat(a.encode()).isEqualTo(values(0, 100).encode());
    }

    @Test
    void roundTripsThroughItsBinaryForm() {
        for (HyperLogLog sketch : new HyperLogLog[] {values(0, 10), values(0, 100_000)}) {
            HyperLogLog back = HyperLogLog.decode(sketch.encode());
            assertThat(back.estimate()).isEqualTo(sketch.estimate());
            assertThat(back.encode()).isEqualTo(sketch.encode());
        }
    }

    @Test
    void refusesToMergeAnotherPrecision() {
        assertThatThrownBy(() -> new HyperLogLog(12).merge(new HyperLogLog(10))).isInstanceOf(IllegalArgumentException.class);
    }

    private static HyperLogLog values(int from, int to) {
        HyperLogLog sketch = new HyperLogLog();
        for (int i = from; i < to; i++) {
            sketch.add(HyperLogLog.hash("value-" + i));
        }
        return sketch;
    }
}
