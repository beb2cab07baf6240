package io.tracepipe.devkit.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    private static final Fault SLOW_CHARGE = Fault.latency("payment", "POST /charge", Duration.ofMillis(800));
    private static final Fault FAILING_RESERVE = Fault.errors("inventory", "POST /reserve", 0.5);
    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void demoScheduleSlowsPaymentsThenFailsReservations() {
        assertThat(FaultSchedule.DEMO.entries()).containsExactly(
                new FaultSchedule.Entry(SLOW_CHARGE, Duration.ofSeconds(30), Duration.ofSeconds(60)),
                new FaultSchedule.Entry(FAILING_RESERVE, Duration.ofMinutes(2), Duration.ofSeconds(45)));
        assertThat(FaultSchedule.DEMO.period()).isEqualTo(Duration.ofMinutes(4));
        assertThat(FaultSchedule.DEMO.entries().get(0).name()).isEqualTo("latency payment POST /charge +800ms");
    }

    @Test
    void compactFormReadsBackUnchanged() {
        String text = "latency checkout SELECT orders +1500us from 0s for 90s; errors payment POST /charge 2.5% from 100ms for 1m; period 1h";

        FaultSchedule schedule = FaultSchedule.parse(text);

        assertThat(schedule.toString()).isEqualTo(text);
        assertThat(FaultSchedule.parse(schedule.toString())).isEqualTo(schedule);
        assertThat(FaultSchedule.parse(FaultSchedule.DEMO.toString())).isEqualTo(FaultSchedule.DEMO);
        assertThat(schedule.entries().get(1).fault()).isEqualTo(Fault.errors("payment", "POST /charge", 0.025));
    }

    @Test
    void onePodAndShareOfCallsReadBack() {
        String text = "latency frontend GET /product/{id} +300ms on frontend-abc-x1 from 0s for 1m;"
                + " errors inventory SELECT on stock 30% on inventory-q-z from 1m for 1m;"
                + " latency payment authorize card +2s 1.5% from 0s for 2m; period 2m";

        FaultSchedule schedule = FaultSchedule.parse(text);

        assertThat(schedule.entries().get(0).fault())
                .isEqualTo(Fault.latency("frontend", "GET /product/{id}", Duration.ofMillis(300)).onPod("frontend-abc-x1"));
        assertThat(schedule.entries().get(1).fault()).as("'on' inside the operation name is part of it")
                .isEqualTo(Fault.errors("inventory", "SELECT on stock", 0.3).onPod("inventory-q-z"));
        assertThat(schedule.entries().get(2).fault()).as("a latency share slows that share of the calls")
                .isEqualTo(Fault.latency("payment", "authorize card", Duration.ofSeconds(2)).inShare(0.015));
        assertThat(schedule.toString()).isEqualTo(text.replace(";  ", "; "));
        assertThat(FaultSchedule.parse(schedule.toString())).isEqualTo(schedule);
    }

    @Test
    void faultsAreOnFromTheirOffsetForTheirLengthInEveryPeriod() {
        FaultSchedule schedule = FaultSchedule.DEMO;

        assertThat(schedule.activeAt(Duration.ofSeconds(-1))).isEmpty();
        assertThat(schedule.activeAt(Duration.ofSeconds(29))).isEmpty();
        assertThat(schedule.activeAt(Duration.ofSeconds(30))).containsExactly(SLOW_CHARGE);
        assertThat(schedule.activeAt(Duration.ofSeconds(90).minusNanos(1))).containsExactly(SLOW_CHARGE);
        assertThat(schedule.activeAt(Duration.ofSeconds(90))).isEmpty();
        assertThat(schedule.activeAt(Duration.ofSeconds(130))).containsExactly(FAILING_RESERVE);
        assertThat(schedule.activeAt(Duration.ofSeconds(165))).isEmpty();
        assertThat(schedule.activeAt(Duration.ofMinutes(4).plusSeconds(45))).containsExactly(SLOW_CHARGE);
        assertThat(schedule.activeAt(Duration.ofMinutes(40).plusSeconds(121))).containsExactly(FAILING_RESERVE);
    }

    @Test
    void schedulerSwitchesTheInjectorAtTheRightSimulatedInstants() {
        FaultInjector injector = new FaultInjector();
        FaultScheduler scheduler = new FaultScheduler(FaultSchedule.DEMO, injector, START);

        assertThat(activeAt(scheduler, injector, 0)).isEmpty();
        assertThat(activeAt(scheduler, injector, 30)).containsExactly(SLOW_CHARGE);
        assertThat(activeAt(scheduler, injector, 89)).containsExactly(SLOW_CHARGE);
        assertThat(activeAt(scheduler, injector, 90)).isEmpty();
        assertThat(activeAt(scheduler, injector, 120)).containsExactly(FAILING_RESERVE);
        assertThat(activeAt(scheduler, injector, 165)).isEmpty();
        assertThat(activeAt(scheduler, injector, 240 + 31)).containsExactly(SLOW_CHARGE);
    }

    @Test
    void schedulerLeavesFaultsSetByHandAlone() {
        Fault manual = Fault.errors("frontend", "GET /", 0.1);
        FaultInjector injector = new FaultInjector(manual);
        FaultScheduler scheduler = new FaultScheduler(FaultSchedule.DEMO, injector, START);

        assertThat(activeAt(scheduler, injector, 45)).containsExactly(manual, SLOW_CHARGE);
        assertThat(activeAt(scheduler, injector, 100)).containsExactly(manual);
    }

    @Test
    void emptyTextMeansNoFaults() {
        assertThat(FaultSchedule.parse(" ").activeAt(Duration.ofSeconds(10))).isEmpty();
        assertThat(FaultSchedule.NONE.entries()).isEmpty();
    }

    @Test
    void rejectsMalformedSchedules() {
        for (String bad : List.of(
                "latency payment POST /charge 800ms from 30s for 60s",
                "errors inventory POST /reserve 0.5 from 30s for 60s",
                "errors inventory POST /reserve 150% from 30s for 60s",
                "slowness payment POST /charge +800ms from 30s for 60s",
                "latency payment +800ms from 30s for 60s",
                "latency payment POST /charge +800ms from 30s for 60s; period 1m",
                "latency payment POST /charge +800 from 30s for 60s",
                "latency payment POST /charge +800ms at 30s for 60s")) {
            assertThatThrownBy(() -> FaultSchedule.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<Fault> activeAt(FaultScheduler scheduler, FaultInjector injector, long seconds) {
        scheduler.advanceTo(START.plusSeconds(seconds));
        return List.copyOf(injector.active());
    }
}
