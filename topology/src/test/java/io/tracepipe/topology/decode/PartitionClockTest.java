package io.tracepipe.topology.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionClockTest {
    private static final long IDLE = 10_000;

    @Test
    void thePositionIsTheLatestRecordTimeNeverAheadOfTheWallClock() {
        PartitionClock clock = new PartitionClock(IDLE);
        clock.record(500_000, 1_000_000);
        clock.record(400_000, 1_000_100);
        assertThat(clock.position(1_000_200)).isEqualTo(500_000);
        clock.record(9_000_000, 1_000_300);
        assertThat(clock.position(1_000_300)).isEqualTo(1_000_300);
    }

    @Test
    void aPartitionWithABacklogDoesNotMoveWithTheWallClock() {
        PartitionClock clock = new PartitionClock(IDLE);
        for (long wall = 1_000_000; wall < 1_060_000; wall += 100) {
            clock.record(wall - 3_600_000, wall);
        }
        assertThat(clock.position(1_060_000)).isEqualTo(1_060_000 - 100 - 3_600_000);
    }

    @Test
    void aQuietPartitionMovesOnWithTheWallClockOnceTheIdleTimeoutPassed() {
        PartitionClock clock = new PartitionClock(IDLE);
        clock.record(999_900, 1_000_000);
        assertThat(clock.position(1_000_000 + IDLE - 1, true)).isEqualTo(999_900);
        assertThat(clock.position(1_000_000 + IDLE, true)).isEqualTo(999_900 + IDLE);
        assertThat(clock.position(1_000_000 + IDLE + 5_000, true)).isEqualTo(999_900 + IDLE + 5_000);
        // a task paused while its partition is an hour behind moves on by the pause, not to the present
        PartitionClock behind = new PartitionClock(IDLE);
        behind.record(1_000_000 - 3_600_000, 1_000_000);
        assertThat(behind.position(1_000_000 + IDLE + 2_000, true)).isEqualTo(1_000_000 - 3_600_000 + IDLE + 2_000);
    }

    @Test
    void aQuietPartitionWhoseRecordsWaitOnTheBrokerIsNotCaughtUp() {
        PartitionClock clock = new PartitionClock(IDLE);
        clock.record(900_000, 1_000_000);
        assertThat(clock.position(1_000_000 + 5 * IDLE, false)).isEqualTo(900_000);
        assertThat(clock.position(1_000_000 + 5 * IDLE, true)).isEqualTo(900_000 + 5 * IDLE);
    }

    @Test
    void withoutAnyRecordThePositionIsUnknownUntilTheTaskRanForTheIdleTimeout() {
        PartitionClock clock = new PartitionClock(IDLE);
        // first asked (the task runs) at 1,000,000: the time before, while it was restoring, is not quiet time
        assertThat(clock.position(1_000_000)).isEqualTo(PartitionClock.UNKNOWN);
        assertThat(clock.position(1_000_000 + IDLE - 1, true)).isEqualTo(PartitionClock.UNKNOWN);
        assertThat(clock.position(1_000_000 + IDLE + 1, true)).isEqualTo(1_000_000 + IDLE + 1);
    }

    @Test
    void aBacklogFoundOnTheFirstRecordsIsNotTakenForQuietByATaskThatStartedLongAgo() {
        PartitionClock clock = new PartitionClock(IDLE);
        clock.record(1_000_000 - 3_600_000, 1_000_000 + 60_000);
        assertThat(clock.position(1_000_000 + 60_100)).isEqualTo(1_000_000 - 3_600_000);
    }

    @Test
    void thePositionNeverGoesBackwardsWhenAnOlderRecordFollowsAQuietSpell() {
        PartitionClock clock = new PartitionClock(IDLE);
        clock.record(1_000_000, 1_000_000);
        long quiet = clock.position(1_030_000, true);
        clock.record(1_025_000, 1_030_000);
        assertThat(clock.position(1_030_000)).isEqualTo(quiet);
    }
}
