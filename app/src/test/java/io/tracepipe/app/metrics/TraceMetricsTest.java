package io.tracepipe.app.metrics;

import static io.tracepipe.devkit.fixtures.OtlpTraces.spanId;
import static io.tracepipe.devkit.fixtures.OtlpTraces.traces;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import io.tracepipe.topology.assembly.AssembledTrace;
import io.tracepipe.topology.assembly.Completion;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TraceMetricsTest {
    private static final ByteString TRACE_ID = OtlpTraces.traceId(1, 2);
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    private static Span span(int id, String name, Span.SpanKind kind, long millis, boolean error) {
        OtlpTraces.SpanBuilder span = OtlpTraces.span(TRACE_ID, spanId(id)).name(name).kind(kind).start(T0).duration(Duration.ofMillis(millis));
        return (error ? span.error() : span).build();
    }

    /** The batch as a trace the assembler completed by inactivity, 12 s after its first span arrived. */
    private static AssembledTrace trace(OtlpTraces batch) {
        TracesData data = batch.tracesData();
        return new AssembledTrace(TRACE_ID.toByteArray(), data, OtlpTraces.spans(data).size(), 0, 1, Completion.INACTIVITY, 1_000, 13_000);
    }

    private static String scrape(PrometheusRegistry registry) {
        return ExpositionFormats.init().getOpenMetricsTextFormatWriter().toDebugString(registry.scrape());
    }

    @Test
    void spanMetricsCountEverySpanUnderTemposNamesAndLabelsWithTraceIdExemplars() {
        PrometheusRegistry registry = new PrometheusRegistry();
        TraceMetrics metrics = new TraceMetrics(registry, 100);

        metrics.observe(trace(traces()
                .resource("frontend").add(span(1, "POST /checkout", Span.SpanKind.SPAN_KIND_SERVER, 300, true),
                        span(2, "POST /checkout", Span.SpanKind.SPAN_KIND_CLIENT, 290, true))
                .resource("payment").add(span(3, "POST /charge", Span.SpanKind.SPAN_KIND_SERVER, 200, false))));

        String text = scrape(registry);
        assertThat(text)
                .contains("traces_spanmetrics_calls_total{service=\"frontend\",span_kind=\"SPAN_KIND_SERVER\",span_name=\"POST /checkout\","
                        + "status_code=\"STATUS_CODE_ERROR\"} 1.0")
                .contains("traces_spanmetrics_calls_total{service=\"frontend\",span_kind=\"SPAN_KIND_CLIENT\",span_name=\"POST /checkout\","
                        + "status_code=\"STATUS_CODE_ERROR\"} 1.0")
                .contains("traces_spanmetrics_latency_bucket{service=\"payment\",span_kind=\"SPAN_KIND_SERVER\","
                        + "span_name=\"POST /charge\",status_code=\"STATUS_CODE_UNSET\",le=\"0.256\"} 1")
                .contains("# {trace_id=\"00000000000000010000000000000002\"} 0.2")
                .contains("tracepipe_trace_spans_count 1")
                .contains("tracepipe_trace_spans_sum 3.0")
                .contains("tracepipe_assembly_delay_seconds_sum 12.0")
                .doesNotContain("tracepipe_span_calls_total");
    }

    @Test
    void serviceGraphCountsTheEdgesOfTheTraceFailedWhenEitherSideFailed() {
        PrometheusRegistry registry = new PrometheusRegistry();
        TraceMetrics metrics = new TraceMetrics(registry, 100);
        Span root = span(1, "POST /checkout", Span.SpanKind.SPAN_KIND_SERVER, 300, false);
        Span call = child(span(2, "POST /charge", Span.SpanKind.SPAN_KIND_CLIENT, 250, false), root);
        Span served = child(span(3, "POST /charge", Span.SpanKind.SPAN_KIND_SERVER, 200, true), call);

        metrics.observe(trace(traces().resource("checkout").add(root, call).resource("payment").add(served)));

        String text = scrape(registry);
        assertThat(text)
                .contains("traces_service_graph_request_total{client=\"checkout\",connection_type=\"\",server=\"payment\"} 1.0")
                .contains("traces_service_graph_request_failed_total{client=\"checkout\",connection_type=\"\",server=\"payment\"} 1.0")
                .contains("traces_service_graph_request_total{client=\"user\",connection_type=\"virtual_node\",server=\"checkout\"} 1.0")
                .contains("traces_service_graph_request_server_seconds_sum{client=\"checkout\",connection_type=\"\",server=\"payment\"} 0.2");
        assertThat(metrics.serviceGraph().totals()).contains(
                new ServiceGraphMetrics.EdgeTotals("checkout", "payment", "", 1, 1, 0.2));
    }

    @Test
    void pairsBeyondTheCapShareTheOverflowSeries() {
        PrometheusRegistry registry = new PrometheusRegistry();
        TraceMetrics metrics = new TraceMetrics(registry, 2);
        for (String op : new String[] {"GET /a", "GET /b", "GET /c", "GET /d"}) {
            metrics.observe(trace(traces().resource("api").add(span(1, op, Span.SpanKind.SPAN_KIND_SERVER, 10, false))));
        }
        String text = scrape(registry);
        assertThat(text)
                .contains("traces_spanmetrics_calls_total{service=\"api\",span_kind=\"SPAN_KIND_SERVER\",span_name=\"GET /a\",status_code=\"STATUS_CODE_UNSET\"} 1.0")
                .contains("traces_spanmetrics_calls_total{service=\"__overflow__\",span_kind=\"SPAN_KIND_SERVER\",span_name=\"__overflow__\","
                        + "status_code=\"STATUS_CODE_UNSET\"} 2.0")
                .doesNotContain("GET /c");
    }

    private static Span child(Span span, Span parent) {
        return span.toBuilder().setParentSpanId(parent.getSpanId()).build();
    }
}
