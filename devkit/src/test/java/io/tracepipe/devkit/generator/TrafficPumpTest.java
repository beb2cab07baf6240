package io.tracepipe.devkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficPumpTest {
    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");
    private static final Duration TICK = Duration.ofMillis(100);

    @Test
    void startsTracesAtTheConfiguredRateAsTheClockAdvances() {
        TrafficPump pump = new TrafficPump(GeneratorSettings.defaults(21).withTracesPerSecond(50), new FaultInjector(), FaultSchedule.NONE, START);

        advance(pump, Duration.ofSeconds(60));

        assertThat(pump.tracesStarted()).isBetween(2_800L, 3_200L);
    }

    @Test
    void returnsOnlyRecordsExportedByTheCurrentInstantAndTheRestOnDrain() {
        TrafficPump pump = new TrafficPump(GeneratorSettings.defaults(22), new FaultInjector(), FaultSchedule.NONE, START);
        List<OtlpRecord> records = new ArrayList<>();
        for (Instant now = START; now.isBefore(START.plusSeconds(10)); now = now.plus(TICK)) {
            List<OtlpRecord> exported = pump.advanceTo(now);
            Instant clock = now;
            assertThat(exported).allSatisfy(r -> assertThat(r.exportedAt()).isBeforeOrEqualTo(clock));
            records.addAll(exported);
        }
        records.addAll(pump.drain());

        assertThat(records.stream().mapToLong(OtlpRecord::spanCount).sum()).isEqualTo(pump.spansStarted());
    }

    @Test
    void appliesTheFaultScheduleAsTheClockPasses() {
        FaultInjector injector = new FaultInjector();
        TrafficPump pump = new TrafficPump(GeneratorSettings.defaults(23), injector, FaultSchedule.DEMO, START);

        pump.advanceTo(START.plusSeconds(29));
        assertThat(injector.active()).isEmpty();
        pump.advanceTo(START.plusSeconds(31));
        assertThat(injector.active()).containsExactly(FaultSchedule.DEMO.entries().get(0).fault());
        pump.advanceTo(START.plusSeconds(121));
        assertThat(injector.active()).containsExactly(FaultSchedule.DEMO.entries().get(1).fault());
    }

    private static void advance(TrafficPump pump, Duration span) {
        for (Instant now = START; !now.isAfter(START.plus(span)); now = now.plus(TICK)) {
            pump.advanceTo(now);
        }
    }
}
