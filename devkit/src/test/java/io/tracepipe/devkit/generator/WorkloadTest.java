package io.tracepipe.devkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void sameSeedGivesByteIdenticalRecords() {
        List<OtlpRecord> first = Workload.generate(GeneratorSettings.defaults(11), 500, START);
        List<OtlpRecord> second = Workload.generate(GeneratorSettings.defaults(11), 500, START);

        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).value()).isEqualTo(first.get(i).value());
        }
        assertThat(second).isEqualTo(first);
    }

    @Test
    void differentSeedsGiveDifferentTraces() {
        Set<String> first = traceIds(Workload.generate(GeneratorSettings.defaults(11), 200, START));
        Set<String> second = traceIds(Workload.generate(GeneratorSettings.defaults(12), 200, START));

        assertThat(first).hasSize(200).doesNotContainAnyElementsOf(second);
    }

    @Test
    void aHundredThousandSpanWorkloadGenerates() {
        List<OtlpRecord> records = Workload.generate(GeneratorSettings.defaults(13).withTracesPerSecond(2_000), 15_000, START);

        long spans = records.stream().mapToLong(OtlpRecord::spanCount).sum();
        assertThat(spans).isGreaterThanOrEqualTo(100_000);
        assertThat(traceIds(records)).hasSize(15_000);
        assertThat(records).allSatisfy(r -> assertThat(r.spanCount()).isBetween(1, 256));
    }

    @Test
    void workloadWithTheDemoScheduleFailsReservationsOnlyDuringTheBurst() {
        GeneratorSettings settings = GeneratorSettings.defaults(14).withNaturalFailureRate(0);
        List<OtlpRecord> records = Workload.generate(settings, 10_000, START, FaultSchedule.DEMO);

        List<Spans.Exported> failedReservations = Spans.exported(records).stream()
                .filter(e -> e.service().equals("inventory") && e.span().getName().equals("POST /reserve") && Spans.isError(e.span()))
                .toList();
        assertThat(failedReservations).isNotEmpty().allSatisfy(e -> {
            Instant start = OtlpValues.instant(e.span().getStartTimeUnixNano());
            assertThat(start).isBetween(START.plusSeconds(120), START.plusSeconds(166));
        });
    }

    private static Set<String> traceIds(List<OtlpRecord> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.addAll(r.traceIdsHex()));
        return ids;
    }
}
