package io.tracepipe.app.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.topology.TraceObserver;
import io.tracepipe.topology.assembly.AssembledTrace;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Metrics of the assembled traces: RED per service and operation of server and consumer spans
 * (calls, errors, duration histogram with trace-id exemplars), trace sizes and assembly delay.
 * The number of service/operation series is capped; further pairs share one overflow series.
 */
public final class TraceMetrics implements TraceObserver {
    public static final String OVERFLOW = "__overflow__";

    private final int maxSeries;
    // service → operation → its data points, so a span costs two map lookups and no allocation; these are the admitted pairs
    private final Map<String, Map<String, Series>> byService = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private final Counter calls;
    private final Counter errors;
    private final Histogram duration;
    private final Histogram traceSpans;
    private final Histogram assemblyDelay;
    private volatile Series overflow; // created when first needed: no overflow series unless the cap is reached

    public TraceMetrics(PrometheusRegistry registry, int maxSeries) {
        this.maxSeries = maxSeries;
        this.calls = Counter.builder().name("tracepipe_span_calls_total")
                .help("Server and consumer spans of assembled traces, per service and operation")
                .labelNames("service", "operation").register(registry);
        this.errors = Counter.builder().name("tracepipe_span_errors_total")
                .help("Server and consumer spans with status ERROR, per service and operation")
                .labelNames("service", "operation").register(registry);
        this.duration = Histogram.builder().name("tracepipe_span_duration_seconds").unit(Unit.SECONDS)
                .help("Duration of server and consumer spans, per service and operation; exemplars carry the trace id")
                .labelNames("service", "operation")
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .register(registry);
        this.traceSpans = Histogram.builder().name("tracepipe_trace_spans").help("Spans per assembled trace (or late part)")
                .classicOnly().classicUpperBounds(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000).register(registry);
        this.assemblyDelay = Histogram.builder().name("tracepipe_assembly_delay_seconds").unit(Unit.SECONDS)
                .help("From a trace's first span arriving to the trace being emitted")
                .classicOnly().classicUpperBounds(1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600).register(registry);
    }

    @Override
    public void observe(AssembledTrace trace) {
        traceSpans.observe(trace.spanCount());
        assemblyDelay.observe(Math.max(0, trace.completedAtMs() - trace.firstArrivalMs()) / 1000.0);
        Labels exemplar = null;
        // Straight from the OTLP data: RED needs no span views, ids or attribute maps.
        for (ResourceSpans rs : trace.data().getResourceSpansList()) {
            String service = null;
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    // RED is about the requests a service serves; client and internal spans would count calls twice
                    if (span.getKind() != Span.SpanKind.SPAN_KIND_SERVER && span.getKind() != Span.SpanKind.SPAN_KIND_CONSUMER) {
                        continue;
                    }
                    if (service == null) {
                        service = TraceSummary.serviceName(rs.getResource());
                    }
                    if (exemplar == null) {
                        exemplar = Labels.of("trace_id", trace.traceIdHex());
                    }
                    Series series = series(service, span.getName());
                    series.calls.inc();
                    if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
                        series.errors.inc();
                    }
                    long nanos = Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
                    series.duration.observeWithExemplar(nanos / 1e9, exemplar);
                }
            }
        }
    }

    /**
     * The data points of one service and operation, remembered once admitted; past the cap, the
     * shared overflow series, and nothing is remembered, so unbounded names cost no memory.
     */
    private Series series(String service, String operation) {
        Map<String, Series> known = byService.get(service);
        Series series = known == null ? null : known.get(operation);
        if (series != null) {
            return series;
        }
        if (admitted.get() < maxSeries) {
            return byService.computeIfAbsent(service, k -> new ConcurrentHashMap<>()).computeIfAbsent(operation, op -> {
                admitted.incrementAndGet();
                return new Series(calls.labelValues(service, op), errors.labelValues(service, op), duration.labelValues(service, op));
            });
        }
        if (overflow == null) {
            overflow = new Series(calls.labelValues(OVERFLOW, OVERFLOW), errors.labelValues(OVERFLOW, OVERFLOW),
                    duration.labelValues(OVERFLOW, OVERFLOW));
        }
        return overflow;
    }

    private record Series(CounterDataPoint calls, CounterDataPoint errors, DistributionDataPoint duration) {}
}
