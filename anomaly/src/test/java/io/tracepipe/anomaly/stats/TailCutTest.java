package io.tracepipe.anomaly.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TailCutTest {

    private static final long MS = 1_000_000L;

    @Test
    void theTailBeginsAtThePreviousPeriodsNinetyFifthPercentile() {
        TailCut tail = new TailCut();
        for (int i = 1; i <= 1000; i++) {
            tail.observe(7, i * MS);
        }

        long cut = tail.observe(8, 5 * MS);

        assertThat((double) cut).isCloseTo(950 * MS, within(950 * MS * 0.03));
        assertThat(tail.observe(8, 2000 * MS)).as("a slow period does not move its own cut").isEqualTo(cut);
        assertThat(tail.observe(7, 1 * MS)).as("a straggler is judged by the current cut").isEqualTo(cut);
    }

    @Test
    void withoutAPreviousPeriodTheRunningTailServesOnceThereAreEnoughSpans() {
        TailCut tail = new TailCut();
        for (int i = 1; i < TailCut.MIN_SPANS; i++) {
            assertThat(tail.observe(1, i * MS)).isEqualTo(-1);
        }
        assertThat(tail.observe(1, TailCut.MIN_SPANS * MS)).isPositive();
    }

    @Test
    void aQuietPeriodKeepsTheCutItHad() {
        TailCut tail = new TailCut();
        for (int i = 1; i <= 100; i++) {
            tail.observe(1, i * MS);
        }
        long cut = tail.observe(2, MS);
        for (int i = 0; i < 3; i++) {
            tail.observe(2, 10_000 * MS);
        }

        assertThat(tail.observe(3, MS)).as("three spans say nothing about a tail").isEqualTo(cut);
        assertThat(tail.period()).isEqualTo(3);
    }
}
