package io.tracepipe.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracepipe.topology.assembly.AssembledTrace;
import io.tracepipe.topology.assembly.Completion;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TraceMetricsTest {
    private static final byte[] TRACE_ID = ByteBuffer.allocate(16).putLong(1).putLong(2).array();

    private static ResourceSpans service(String name, Span... spans) {
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(name))))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(java.util.List.of(spans))).build();
    }

    private static Span span(int id, String name, Span.SpanKind kind, long millis, boolean error) {
        Span.Builder b = Span.newBuilder().setTraceId(ByteString.copyFrom(TRACE_ID))
                .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array()))
                .setName(name).setKind(kind).setStartTimeUnixNano(0).setEndTimeUnixNano(millis * 1_000_000);
        if (error) {
            b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        }
        return b.build();
    }

    private static AssembledTrace trace(ResourceSpans... resources) {
        TracesData data = TracesData.newBuilder().addAllResourceSpans(java.util.List.of(resources)).build();
        int spans = data.getResourceSpansList().stream().mapToInt(rs -> rs.getScopeSpans(0).getSpansCount()).sum();
        return new AssembledTrace(TRACE_ID, data, spans, 0, 1, Completion.INACTIVITY, 1_000, 13_000);
    }

    private static String scrape(PrometheusRegistry registry) {
        return ExpositionFormats.init().getOpenMetricsTextFormatWriter().toDebugString(registry.scrape());
    }

    @Test
    void countsCallsErrorsAndDurationsOfServerSpansWithTraceIdExemplars() {
        PrometheusRegistry registry = new PrometheusRegistry();
        TraceMetrics metrics = new TraceMetrics(registry, 100);

        metrics.observe(trace(
                service("frontend", span(1, "POST /checkout", Span.SpanKind.SPAN_KIND_SERVER, 300, true),
                        span(2, "POST /checkout", Span.SpanKind.SPAN_KIND_CLIENT, 290, true)),
                service("payment", span(3, "POST /charge", Span.SpanKind.SPAN_KIND_SERVER, 200, false))));

        String text = scrape(registry);
        assertThat(text)
                .contains("tracepipe_span_calls_total{operation=\"POST /checkout\",service=\"frontend\"} 1.0")
                .contains("tracepipe_span_errors_total{operation=\"POST /checkout\",service=\"frontend\"} 1.0")
                .contains("tracepipe_span_calls_total{operation=\"POST /charge\",service=\"payment\"} 1.0")
                // a series with calls has its error count from the start, 0 here, so error ratios exist before the first error
                .contains("tracepipe_span_errors_total{operation=\"POST /charge\",service=\"payment\"} 0.0")
                .contains("tracepipe_span_duration_seconds_count{operation=\"POST /charge\",service=\"payment\"} 1")
                .contains("# {trace_id=\"00000000000000010000000000000002\"} 0.2")
                .contains("tracepipe_trace_spans_count 1")
                .contains("tracepipe_trace_spans_sum 3.0")
                .contains("tracepipe_assembly_delay_seconds_sum 12.0");
    }

    @Test
    void pairsBeyondTheCapShareTheOverflowSeries() {
        PrometheusRegistry registry = new PrometheusRegistry();
        TraceMetrics metrics = new TraceMetrics(registry, 2);
        for (String op : new String[] {"GET /a", "GET /b", "GET /c", "GET /d"}) {
            metrics.observe(trace(service("api", span(1, op, Span.SpanKind.SPAN_KIND_SERVER, 10, false))));
        }
        String text = scrape(registry);
        assertThat(text)
                .contains("tracepipe_span_calls_total{operation=\"GET /a\",service=\"api\"} 1.0")
                .contains("tracepipe_span_calls_total{operation=\"GET /b\",service=\"api\"} 1.0")
                .contains("tracepipe_span_calls_total{operation=\"__overflow__\",service=\"__overflow__\"} 2.0")
                .doesNotContain("GET /c");
    }
}
