package io.tracepipe.app.health;

import io.tracepipe.anomaly.health.AttributeCardinality;
import io.tracepipe.anomaly.health.HealthReport;
import java.util.Locale;

/** The readable form of an instrumentation-health report that {@code tracepipe health} prints. */
public final class HealthReportText {
    private HealthReportText() {}

    public static String format(HealthReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "instrumentation health: %d traces, %d spans checked%n", report.traces(), report.spans()));
        out.append(String.format(Locale.ROOT, "%nbroken propagation (orphan spans: parent never arrived)%n"));
        if (report.orphans().isEmpty()) {
            out.append("  none\n");
        }
        for (HealthReport.OrphanRow r : report.orphans()) {
            out.append(String.format(Locale.ROOT, "  %-20s %6d orphans (%.2f%% of its spans), context lost by %s · trace %s%n",
                    r.service(), r.orphanSpans(), 100 * r.rate(), r.caller(), r.exampleTraceId()));
        }
        out.append(String.format(Locale.ROOT, "%nmultiple roots (trace started again)%n"));
        if (report.multipleRoots().isEmpty()) {
            out.append("  none\n");
        }
        for (HealthReport.RootRow r : report.multipleRoots()) {
            out.append(String.format(Locale.ROOT, "  %-20s %6d traces · trace %s%n", r.service(), r.traces(), r.exampleTraceId()));
        }
        out.append(String.format(Locale.ROOT, "%nclock skew (child outside its parent; offset of the child's clock)%n"));
        if (report.skew().isEmpty()) {
            out.append("  none\n");
        }
        for (HealthReport.SkewRow r : report.skew()) {
            out.append(String.format(Locale.ROOT, "  %-20s -> %-20s %6d spans, offset %+.1f ms (worst %+.1f ms) · trace %s%n",
                    r.parentService(), r.childService(), r.skewedSpans(), r.meanOffsetNanos() / 1e6, r.worstOffsetNanos() / 1e6,
                    r.exampleTraceId()));
        }
        out.append(String.format(Locale.ROOT, "%nretries (client -> server)%n"));
        if (report.retries().isEmpty()) {
            out.append("  none\n");
        }
        for (HealthReport.RetryRow r : report.retries()) {
            out.append(String.format(Locale.ROOT, "  %-20s -> %-20s %6d retries (%d declared) · trace %s%n",
                    r.client(), r.server(), r.retries(), r.declared(), r.exampleTraceId()));
        }
        out.append(String.format(Locale.ROOT, "%nattribute cardinality (distinct values over the last %d-%d s)%n",
                report.cardinalityPeriod().toSeconds(), 2 * report.cardinalityPeriod().toSeconds()));
        if (report.cardinality().isEmpty()) {
            out.append("  none\n");
        }
        for (AttributeCardinality.Row r : report.cardinality()) {
            out.append(String.format(Locale.ROOT, "  %-20s %-30s ~%d distinct values · trace %s%n",
                    r.service(), r.key(), r.distinct(), r.exampleTraceId()));
        }
        return out.toString();
    }
}
