package io.tracepipe.app.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tracepipe.topology.TraceObserver;
import io.tracepipe.topology.assembly.AssembledTrace;

/**
 * Metrics of the assembled traces: span metrics and service-graph metrics under the names Grafana
 * reads ({@link SpanMetrics}, {@link ServiceGraphMetrics}), trace sizes and assembly delay. The
 * number of service/span-name pairs, and of service-graph edges, is capped at {@code maxSeries}
 * each; further ones share an {@value #OVERFLOW} series.
 */
public final class TraceMetrics implements TraceObserver {
    public static final String OVERFLOW = "__overflow__";

    private final SpanMetrics spans;
    private final ServiceGraphMetrics serviceGraph;
    private final Histogram traceSpans;
    private final Histogram assemblyDelay;

    public TraceMetrics(PrometheusRegistry registry, int maxSeries) {
        this.spans = new SpanMetrics(registry, maxSeries);
        this.serviceGraph = new ServiceGraphMetrics(registry, maxSeries);
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
        String traceId = trace.traceIdHex();
        spans.observe(traceId, trace.data());
        // Edges need the whole trace: a late part's spans count in span metrics, but pairs split across parts cannot be paired.
        if (!trace.late()) {
            serviceGraph.observe(traceId, trace.data());
        }
    }

    /** The service graph's totals so far. */
    public ServiceGraphMetrics serviceGraph() {
        return serviceGraph;
    }
}
