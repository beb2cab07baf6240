package io.tracepipe.topology.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WatermarkTest {
    private static final long LAG = 120_000;

    @Test
    void isTheMinimumOverEveryUpstreamPartitionOnceEachHasAPosition() {
        Watermark w = new Watermark(3, LAG);
        w.advance(0, 50_000);
        w.advance(1, 40_000);
        assertThat(w.now()).as("partition 2 not heard from yet: only the lag bound").isEqualTo(50_000 - LAG);
        assertThat(w.everyPartition()).isEqualTo(Watermark.UNKNOWN);
        w.advance(2, 45_000);
        assertThat(w.now()).isEqualTo(40_000);
        w.advance(1, 60_000);
        assertThat(w.now()).isEqualTo(45_000);
        assertThat(w.bounded()).isFalse();
    }

    @Test
    void olderNewsOfAPartitionIsIgnoredAndTheWatermarkNeverGoesBack() {
        Watermark w = new Watermark(2, LAG);
        w.advance(0, 10_000);
        w.advance(1, 20_000);
        w.advance(0, 5_000);
        assertThat(w.position(0)).isEqualTo(10_000);
        assertThat(w.now()).isEqualTo(10_000);
    }

    @Test
    void aPartitionFurtherBehindThanTheLagBoundNoLongerHoldsItBack() {
        Watermark w = new Watermark(2, LAG);
        w.advance(0, 1_000_000);
        w.advance(1, 1_000_000);
        w.advance(0, 1_000_000 + LAG + 30_000);
        assertThat(w.now()).isEqualTo(1_030_000);
        assertThat(w.bounded()).isTrue();
        w.advance(1, 1_100_000);
        assertThat(w.now()).isEqualTo(1_100_000);
        assertThat(w.bounded()).isFalse();
    }

    @Test
    void aPartitionNeverHeardFromIsWaitedForOnlyUpToTheLagBound() {
        Watermark w = new Watermark(2, LAG);
        w.advance(0, 1_000_000);
        assertThat(w.now()).isEqualTo(1_000_000 - LAG);
        assertThat(w.bounded()).isTrue();
    }

    @Test
    void remembersWhichPositionsChangedSinceTheyWereSaved() {
        Watermark w = new Watermark(2, LAG);
        w.restore(1, 7_000);
        assertThat(w.changedSinceSaved(1)).isFalse();
        w.advance(0, 8_000);
        assertThat(w.changedSinceSaved(0)).isTrue();
        w.saved(0);
        assertThat(w.changedSinceSaved(0)).isFalse();
        assertThat(w.now()).isEqualTo(7_000);
    }
}
