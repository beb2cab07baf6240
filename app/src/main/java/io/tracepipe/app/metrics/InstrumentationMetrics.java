package io.tracepipe.app.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tracepipe.anomaly.health.HealthReport;
import io.tracepipe.topology.health.InstrumentationHealth;
import java.util.List;
import java.util.function.Function;

/**
 * The instrumentation checks' findings as {@code tracepipe_instrumentation_*} metrics, read from
 * this instance's ledgers at each scrape. Each family has at most {@code maxSeries} series, the
 * worst first (the ledgers already fold keys past their cap into {@code __overflow__}).
 */
public final class InstrumentationMetrics implements MultiCollector {
    private final InstrumentationHealth health;
    private final int maxSeries;

    public InstrumentationMetrics(InstrumentationHealth health, int maxSeries) {
        this.health = health;
        this.maxSeries = maxSeries;
    }

    @Override
    public MetricSnapshots collect() {
        HealthReport report = health.report();
        return new MetricSnapshots(
                counter("tracepipe_instrumentation_checked_traces", "Assembled traces checked for broken instrumentation",
                        List.of(report.traces()), t -> Labels.EMPTY, t -> t),
                counter("tracepipe_instrumentation_orphan_spans", "Spans whose parent never arrived, by service and the caller that lost the context",
                        report.orphans(), r -> Labels.of("service", r.service(), "caller", r.caller()), HealthReport.OrphanRow::orphanSpans),
                counter("tracepipe_instrumentation_multi_root_traces", "Traces with more than one root, by the service of an extra root",
                        report.multipleRoots(), r -> Labels.of("service", r.service()), HealthReport.RootRow::traces),
                counter("tracepipe_instrumentation_skewed_spans", "Children outside their cross-service parent beyond the skew tolerance",
                        report.skew(), r -> Labels.of("parent_service", r.parentService(), "child_service", r.childService()),
                        HealthReport.SkewRow::skewedSpans),
                gauge("tracepipe_instrumentation_clock_offset_seconds", "Mean estimated offset of the child service's clock, over skewed spans",
                        report.skew(), r -> Labels.of("parent_service", r.parentService(), "child_service", r.childService()),
                        r -> r.meanOffsetNanos() / 1e9),
                counter("tracepipe_instrumentation_retries", "Retried client calls, by client and server service",
                        report.retries(), r -> Labels.of("client", r.client(), "server", r.server()), HealthReport.RetryRow::retries),
                gauge("tracepipe_instrumentation_attribute_distinct_values",
                        "Estimated distinct values of an attribute key per service over the last one to two cardinality periods (keys above the threshold)",
                        report.cardinality(), r -> Labels.of("service", r.service(), "key", r.key()), r -> (double) r.distinct()),
                gauge("tracepipe_instrumentation_capped_attribute_values",
                        "Attribute values not counted in the current periods because their (service, key) pair came after the cap",
                        List.of(report.cappedAttributeValues()), t -> Labels.EMPTY, t -> (double) t));
    }

    private <T> CounterSnapshot counter(String name, String help, List<T> rows, Function<T, Labels> labels, Function<T, Long> value) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        for (T row : rows.subList(0, Math.min(maxSeries, rows.size()))) {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels.apply(row)).value(value.apply(row)).build());
        }
        return b.build();
    }

    private <T> GaugeSnapshot gauge(String name, String help, List<T> rows, Function<T, Labels> labels, Function<T, Double> value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        for (T row : rows.subList(0, Math.min(maxSeries, rows.size()))) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels.apply(row)).value(value.apply(row)).build());
        }
        return b.build();
    }
}
