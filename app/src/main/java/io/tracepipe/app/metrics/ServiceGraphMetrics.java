package io.tracepipe.app.metrics;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.tracepipe.ingest.evidence.ServiceEdge;
import io.tracepipe.ingest.evidence.ServiceGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Service-graph metrics under the names of Tempo's metrics-generator and the Collector's
 * {@code servicegraph} connector, which Grafana's service graph queries as they are:
 * {@code traces_service_graph_request_total}, {@code traces_service_graph_request_failed_total}
 * and the histograms {@code traces_service_graph_request_server_seconds} and
 * {@code traces_service_graph_request_client_seconds}, labelled {@code client}, {@code server} and
 * {@code connection_type}, from the edges of each whole trace ({@link ServiceGraph}). Edges are
 * capped like span metrics: past the cap they share one {@code __overflow__} edge.
 */
public final class ServiceGraphMetrics {
    private record EdgeKey(String client, String server, String connectionType) {}

    private final int maxSeries;
    private final Counter requests;
    private final Counter failed;
    private final Histogram serverSeconds;
    private final Histogram clientSeconds;
    private final Map<EdgeKey, Edge> edges = new ConcurrentHashMap<>();
    private volatile Edge overflow;

    ServiceGraphMetrics(PrometheusRegistry registry, int maxSeries) {
        this.maxSeries = maxSeries;
        String[] labels = {"client", "server", "connection_type"};
        this.requests = Counter.builder().name("traces_service_graph_request_total")
                .help("Requests between two nodes of the service graph").labelNames(labels).register(registry);
        this.failed = Counter.builder().name("traces_service_graph_request_failed_total")
                .help("Requests between two nodes of the service graph where either side failed").labelNames(labels).register(registry);
        this.serverSeconds = Histogram.builder().name("traces_service_graph_request_server_seconds")
                .help("Server-side duration of requests between two nodes; exemplars carry the trace id").labelNames(labels)
                .classicOnly().classicUpperBounds(SpanMetrics.LATENCY_BUCKETS).register(registry);
        this.clientSeconds = Histogram.builder().name("traces_service_graph_request_client_seconds")
                .help("Client-side duration of requests between two nodes; exemplars carry the trace id").labelNames(labels)
                .classicOnly().classicUpperBounds(SpanMetrics.LATENCY_BUCKETS).register(registry);
    }

    void observe(String traceIdHex, TracesData data) {
        List<ServiceEdge> found = ServiceGraph.edges(data);
        if (found.isEmpty()) {
            return;
        }
        Labels exemplar = Labels.of("trace_id", traceIdHex);
        for (ServiceEdge e : found) {
            Edge edge = edge(new EdgeKey(e.client(), e.server(), e.connectionType()));
            edge.requests.inc();
            edge.requestCount.increment();
            if (e.failed()) {
                edge.failed.inc();
                edge.failedCount.increment();
            }
            edge.serverSeconds.observeWithExemplar(e.serverSeconds(), exemplar);
            edge.clientSeconds.observeWithExemplar(e.clientSeconds(), exemplar);
            edge.serverSecondsSum.add(e.serverSeconds());
        }
    }

    /** The totals of every edge so far, for the incident page. */
    public List<EdgeTotals> totals() {
        List<EdgeTotals> out = new ArrayList<>();
        edges.forEach((key, edge) -> out.add(edge.totals(key)));
        Edge o = overflow;
        if (o != null) {
            out.add(o.totals(new EdgeKey(TraceMetrics.OVERFLOW, TraceMetrics.OVERFLOW, "")));
        }
        return out;
    }

    /** Requests, failures and summed server seconds of one edge since the start. */
    public record EdgeTotals(String client, String server, String connectionType, long requests, long failed, double serverSecondsSum) {}

    private Edge edge(EdgeKey key) {
        Edge edge = edges.get(key);
        if (edge != null) {
            return edge;
        }
        if (edges.size() < maxSeries) {
            return edges.computeIfAbsent(key, k -> new Edge(k.client(), k.server(), k.connectionType()));
        }
        if (overflow == null) {
            overflow = new Edge(TraceMetrics.OVERFLOW, TraceMetrics.OVERFLOW, "");
        }
        return overflow;
    }

    private final class Edge {
        final CounterDataPoint requests;
        final CounterDataPoint failed;
        final DistributionDataPoint serverSeconds;
        final DistributionDataPoint clientSeconds;
        final LongAdder requestCount = new LongAdder();
        final LongAdder failedCount = new LongAdder();
        final DoubleAdder serverSecondsSum = new DoubleAdder();

        Edge(String client, String server, String connectionType) {
            this.requests = ServiceGraphMetrics.this.requests.labelValues(client, server, connectionType);
            this.failed = ServiceGraphMetrics.this.failed.labelValues(client, server, connectionType);
            this.serverSeconds = ServiceGraphMetrics.this.serverSeconds.labelValues(client, server, connectionType);
            this.clientSeconds = ServiceGraphMetrics.this.clientSeconds.labelValues(client, server, connectionType);
        }

        EdgeTotals totals(EdgeKey key) {
            return new EdgeTotals(key.client(), key.server(), key.connectionType(), requestCount.sum(), failedCount.sum(), serverSecondsSum.sum());
        }
    }
}
