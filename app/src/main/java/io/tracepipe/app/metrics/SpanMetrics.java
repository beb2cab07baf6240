package io.tracepipe.app.metrics;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.tracepipe.ingest.TraceSummary;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Span metrics under the names and labels of Tempo's metrics-generator, which Grafana's APM table
 * queries as they are: {@code traces_spanmetrics_calls_total} and the histogram
 * {@code traces_spanmetrics_latency} (seconds; Tempo's default buckets 2 ms .. 16 s), labelled
 * {@code service}, {@code span_name}, {@code span_kind} ({@code SPAN_KIND_SERVER}, ...) and
 * {@code status_code} ({@code STATUS_CODE_ERROR}, ...), for every span of every assembled trace.
 * The service/span-name pairs are capped: pairs past the cap share the {@code __overflow__}
 * service and span name (keeping their kind and status), and are not remembered.
 */
final class SpanMetrics {
    static final double[] LATENCY_BUCKETS = {0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096,
        8.192, 16.384};
    private static final Span.SpanKind[] KINDS = {Span.SpanKind.SPAN_KIND_UNSPECIFIED, Span.SpanKind.SPAN_KIND_INTERNAL,
        Span.SpanKind.SPAN_KIND_SERVER, Span.SpanKind.SPAN_KIND_CLIENT, Span.SpanKind.SPAN_KIND_PRODUCER, Span.SpanKind.SPAN_KIND_CONSUMER};
    private static final Status.StatusCode[] STATUSES = {Status.StatusCode.STATUS_CODE_UNSET, Status.StatusCode.STATUS_CODE_OK,
        Status.StatusCode.STATUS_CODE_ERROR};

    private final int maxSeries;
    private final Counter calls;
    private final Histogram latency;
    // service → span name → data points by kind and status: two map lookups per span once a pair is known
    private final Map<String, Map<String, Pair>> byService = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private volatile Pair overflow;

    SpanMetrics(PrometheusRegistry registry, int maxSeries) {
        this.maxSeries = maxSeries;
        this.calls = Counter.builder().name("traces_spanmetrics_calls_total")
                .help("Spans of assembled traces, per service, span name, kind and status (Tempo's span metrics)")
                .labelNames("service", "span_name", "span_kind", "status_code").register(registry);
        this.latency = Histogram.builder().name("traces_spanmetrics_latency")
                .help("Span durations in seconds, per service, span name, kind and status; exemplars carry the trace id")
                .labelNames("service", "span_name", "span_kind", "status_code")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
    }

    void observe(String traceIdHex, TracesData data) {
        Labels exemplar = null;
        for (ResourceSpans rs : data.getResourceSpansList()) {
            String service = null;
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    if (service == null) {
                        service = TraceSummary.serviceName(rs.getResource());
                    }
                    if (exemplar == null) {
                        exemplar = Labels.of("trace_id", traceIdHex);
                    }
                    Series series = pair(service, span.getName()).series(kindIndex(span.getKindValue()), statusIndex(span.getStatus().getCodeValue()));
                    series.calls.inc();
                    long nanos = span.getEndTimeUnixNano() - span.getStartTimeUnixNano();
                    series.latency.observeWithExemplar(nanos > 0 ? nanos / 1e9 : 0, exemplar);
                }
            }
        }
    }

    private Pair pair(String service, String spanName) {
        Map<String, Pair> known = byService.get(service);
        Pair pair = known == null ? null : known.get(spanName);
        if (pair != null) {
            return pair;
        }
        if (admitted.get() < maxSeries) {
            return byService.computeIfAbsent(service, k -> new ConcurrentHashMap<>()).computeIfAbsent(spanName, name -> {
                admitted.incrementAndGet();
                return new Pair(service, name);
            });
        }
        if (overflow == null) {
            overflow = new Pair(TraceMetrics.OVERFLOW, TraceMetrics.OVERFLOW);
        }
        return overflow;
    }

    private static int kindIndex(int value) {
        return value >= 0 && value < KINDS.length ? value : 0;
    }

    private static int statusIndex(int value) {
        return value >= 0 && value < STATUSES.length ? value : 0;
    }

    private record Series(CounterDataPoint calls, DistributionDataPoint latency) {}

    /** The series of one service and span name, made per kind and status when first seen. */
    private final class Pair {
        private final String service;
        private final String spanName;
        private final Series[] series = new Series[KINDS.length * STATUSES.length];

        Pair(String service, String spanName) {
            this.service = service;
            this.spanName = spanName;
        }

        Series series(int kind, int status) {
            int i = kind * STATUSES.length + status;
            Series s = series[i];
            if (s == null) {
                String[] labels = {service, spanName, KINDS[kind].name(), STATUSES[status].name()};
                s = new Series(calls.labelValues(labels), latency.labelValues(labels));
                series[i] = s;
            }
            return s;
        }
    }
}
