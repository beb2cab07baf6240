package io.tracepipe.topology.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import io.tracepipe.topology.TraceObserver;
import io.tracepipe.topology.assembly.AssembledTrace;
import io.tracepipe.topology.rules.SpanViews;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Metrics of the assembled traces: RED per service and operation of server and consumer spans
 * (calls, errors, duration histogram with trace-id exemplars), trace sizes and assembly delay.
 * The number of service/operation series is capped; further pairs share one overflow series.
 */
public final class TraceMetrics implements TraceObserver {
    public static final String OVERFLOW = "__overflow__";

    private final int maxSeries;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();
    private final Counter calls;
    private final Counter errors;
    private final Histogram duration;
    private final Histogram traceSpans;
    private final Histogram assemblyDelay;

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
        TraceView view = SpanViews.of(trace.traceIdHex(), trace.data());
        Labels exemplar = Labels.of("trace_id", trace.traceIdHex());
        for (SpanView span : view.spans()) {
            // RED is about the requests a service serves; client and internal spans would count calls twice
            if (span.kind() != SpanKind.SERVER && span.kind() != SpanKind.CONSUMER) {
                continue;
            }
            String[] series = series(span.service(), span.operation());
            calls.labelValues(series).inc();
            if (span.isError()) {
                errors.labelValues(series).inc();
            }
            duration.labelValues(series).observeWithExemplar(span.durationNanos() / 1e9, exemplar);
        }
    }

    private String[] series(String service, String operation) {
        String key = service + '\u0000' + operation;
        if (admitted.contains(key) || (admitted.size() < maxSeries && admitted.add(key))) {
            return new String[] {service, operation};
        }
        return new String[] {OVERFLOW, OVERFLOW};
    }
}
