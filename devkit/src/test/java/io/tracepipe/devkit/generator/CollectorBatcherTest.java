package io.tracepipe.devkit.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CollectorBatcherTest {
    private static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);

    @Test
    void everySpanLandsInExactlyOneRecordAndRecordsParseBack() {
        Traffic traffic = new Traffic();
        List<GeneratedTrace> traces = traffic.traces(400);
        List<OtlpRecord> records = traffic.records(traces);

        Map<ByteString, Integer> seen = new HashMap<>();
        for (Spans.Exported exported : Spans.exported(records)) {
            seen.merge(exported.span().getSpanId().concat(exported.span().getTraceId()), 1, Integer::sum);
        }
        Set<ByteString> generated = traces.stream().flatMap(t -> t.spans().stream())
                .map(s -> s.span().getSpanId().concat(s.span().getTraceId())).collect(Collectors.toSet());
        assertThat(seen.keySet()).isEqualTo(generated);
        assertThat(seen.values()).containsOnly(1);
    }

    @Test
    void eachRecordHoldsOneResourceWithOneScopeAndAccountsForItsSpans() {
        Traffic traffic = new Traffic();
        for (OtlpRecord record : traffic.records(traffic.traces(200))) {
            ExportTraceServiceRequest request = Spans.parse(record);
            assertThat(request.getResourceSpansCount()).isEqualTo(1);
            ResourceSpans resourceSpans = request.getResourceSpans(0);
            assertThat(Spans.attribute(resourceSpans.getResource().getAttributesList(), "service.name")).isEqualTo(record.service());
            assertThat(resourceSpans.getScopeSpansCount()).isEqualTo(1);
            assertThat(resourceSpans.getScopeSpans(0).getSpansCount()).isEqualTo(record.spanCount());
            assertThat(record.spansPerTrace().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(record.spanCount());
        }
    }

    @Test
    void aCheckoutTracesSpansAreSpreadOverRecordsOfSeveralServices() {
        Traffic traffic = new Traffic().only(TraceKind.CHECKOUT);
        GeneratedTrace trace = traffic.trace();
        List<OtlpRecord> records = traffic.records(List.of(trace));

        assertThat(records).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(r -> assertThat(r.traceIdsHex()).containsExactly(trace.traceIdHex()));
        assertThat(records.stream().map(OtlpRecord::service).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("frontend", "checkout", "inventory", "payment");
    }

    @Test
    void recordsNeverExceedMaxSpansPerRecord() {
        Traffic traffic = new Traffic().only(TraceKind.BULK_CHECKOUT).maxSpansPerRecord(50);
        List<OtlpRecord> records = traffic.records(traffic.traces(20));

        assertThat(records).allSatisfy(r -> assertThat(r.spanCount()).isBetween(1, 50));
        assertThat(records).anyMatch(r -> r.spanCount() == 50);
    }

    @Test
    void flushExportsOnlySpansThatHaveEndedAndNoRecordBeforeItsSpansEnded() {
        Traffic traffic = new Traffic().only(TraceKind.CHECKOUT);
        GeneratedTrace trace = traffic.trace();
        CollectorBatcher batcher = new CollectorBatcher(traffic.settings());
        batcher.offer(trace);

        assertThat(batcher.flush(trace.start())).isEmpty();
        List<OtlpRecord> soFar = batcher.flush(trace.end().minusNanos(1));
        List<OtlpRecord> rest = batcher.flushAll();

        assertThat(rest).isNotEmpty();
        assertThat(batcher.pendingSpans()).isZero();
        assertThat(soFar).allSatisfy(r -> assertThat(r.exportedAt()).isBefore(trace.end()));
        for (Spans.Exported exported : Spans.exported(rest)) {
            OtlpRecord record = rest.get(exported.recordIndex());
            assertThat(OtlpValues.nanos(record.exportedAt())).isGreaterThanOrEqualTo(exported.span().getEndTimeUnixNano());
        }
    }

    @Test
    void aPartialBatchWaitsAtMostOneFlushIntervalAfterItsFirstSpanEnded() {
        Traffic traffic = new Traffic();
        List<GeneratedTrace> traces = traffic.traces(300);
        List<OtlpRecord> records = traffic.records(traces);

        for (Spans.Exported exported : Spans.exported(records)) {
            OtlpRecord record = records.get(exported.recordIndex());
            Duration waited = Duration.ofNanos(OtlpValues.nanos(record.exportedAt()) - exported.span().getEndTimeUnixNano());
            assertThat(waited).isBetween(Duration.ZERO, FLUSH_INTERVAL);
        }
    }

    @Test
    void recordsComeOutInExportOrder() {
        Traffic traffic = new Traffic();
        List<OtlpRecord> records = traffic.records(traffic.traces(300));

        assertThat(records).extracting(OtlpRecord::exportedAt).isSorted();
    }

    @Test
    void rejectsNonsensicalLimits() {
        assertThatThrownBy(() -> new CollectorBatcher(0, FLUSH_INTERVAL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CollectorBatcher(10, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
