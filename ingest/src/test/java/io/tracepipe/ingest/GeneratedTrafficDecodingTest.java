package io.tracepipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.devkit.generator.FaultInjector;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.TrafficPump;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder reads the devkit generator's Collector-like batches (spans of a trace spread over records of several services). */
class GeneratedTrafficDecodingTest {

    @Test
    void recordsDecodeIntoFragmentsWithTheIngestDecoder() {
        TrafficPump pump = new TrafficPump(GeneratorSettings.defaults(42).withNaturalFailureRate(0), new FaultInjector(),
                FaultSchedule.NONE, Instant.parse("2025-06-01T12:00:00Z"));
        List<OtlpRecord> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.addAll(pump.startNext());
        }
        records.addAll(pump.drain());
        OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.AUTO);

        assertThat(records).isNotEmpty();
        for (OtlpRecord record : records) {
            DecodedRecord decoded = decoder.decode(record.value());
            assertThat(decoded.deadLetters()).isEmpty();
            assertThat(decoded.spanCount()).isEqualTo(record.spanCount());
            assertThat(decoded.fragments()).extracting(TraceFragment::traceIdHex)
                    .containsExactlyElementsOf(record.traceIdsHex());
        }
    }
}
