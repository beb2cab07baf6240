package io.tracepipe.topology.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArrivalClockTest {
    private static final long LAG = 60_000;
    private static final long IDLE_START = 10_000;
    private static final long WALL = 1_000_000;

    private final ArrivalClock clock = new ArrivalClock(LAG, IDLE_START, WALL);

    @Test
    void followsRecordTimeWhileRecordsComeAndTheWallClockWhenTheyStop() {
        assertThat(clock.arrive(WALL - 30_000, WALL)).isEqualTo(WALL - 30_000);
        assertThat(clock.arrive(WALL - 29_000, WALL + 5_000)).isEqualTo(WALL - 29_000);
        assertThat(clock.now(WALL + 5_000)).isEqualTo(WALL - 29_000);

        assertThat(clock.now(WALL + 8_000)).as("3 s without records").isEqualTo(WALL - 26_000);
    }

    @Test
    void neverRunsAheadOfTheWallClockNorBackwardsNorFurtherBehindThanTheLag() {
        assertThat(clock.arrive(WALL + 3_600_000, WALL)).as("from the future").isEqualTo(WALL);
        assertThat(clock.arrive(WALL - 5_000, WALL + 1)).as("older than what was seen").isEqualTo(WALL);

        ArrivalClock fresh = new ArrivalClock(LAG, IDLE_START, WALL);
        assertThat(fresh.arrive(0, WALL)).as("from 1970").isEqualTo(WALL - LAG);
        assertThat(fresh.now(WALL + 120_000)).isEqualTo(WALL + 120_000 - LAG);
    }

    @Test
    void completesNothingRightAfterAStartUntilARecordComesOrTheIdleStartHasPassed() {
        assertThat(clock.now(WALL + 1_000)).isEqualTo(Long.MIN_VALUE);
        assertThat(clock.now(WALL + IDLE_START)).isEqualTo(WALL + IDLE_START);
    }
}
