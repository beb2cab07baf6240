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
    void spanMetricsCountEverySpanUnderTemposNamesAndLabelsWithTraceIdExemplars() {
        PrometheusRegistry registry = new PrometheusRegistry();
        TraceMetrics metrics = new TraceMetrics(registry, 100);

        metrics.observe(trace(
                service("frontend", span(1, "POST /checkout", Span.SpanKind.SPAN_KIND_SERVER, 300, true),
                        span(2, "POST /checkout", Span.SpanKind.SPAN_KIND_CLIENT, 290, true)),
                service("payment", span(3, "POST /charge", Span.SpanKind.SPAN_KIND_SERVER, 200, false))));

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

        metrics.observe(trace(service("checkout", root, call), service("payment", served)));

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
            metrics.observe(trace(service("api", span(1, op, Span.SpanKind.SPAN_KIND_SERVER, 10, false))));
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
