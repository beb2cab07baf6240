package io.tracepipe.anomaly.health;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the instrumentation checks found in one trace; {@link #isHealthy()} when nothing. */
public record TraceHealth(
        String traceId,
        List<Findings.Orphan> orphans,
        List<Findings.ExtraRoot> extraRoots,
        List<Findings.Skew> skews,
        List<Findings.Retry> retries) {

    public TraceHealth {
        orphans = List.copyOf(orphans);
        extraRoots = List.copyOf(extraRoots);
        skews = List.copyOf(skews);
        retries = List.copyOf(retries);
    }

    public boolean isHealthy() {
        return orphans.isEmpty() && extraRoots.isEmpty() && skews.isEmpty() && retries.isEmpty();
    }

    /** More than one root: the trace was started again somewhere. */
    public boolean hasMultipleRoots() {
        return !extraRoots.isEmpty();
    }

    /** The ids of the spans flagged for {@code metric}, for rules that count them. */
    public Set<String> flagged(HealthMetric metric) {
        Set<String> ids = new HashSet<>();
        switch (metric) {
            case ORPHAN_RATE -> orphans.forEach(o -> ids.add(o.spanId()));
            case SKEWED_SPAN_RATE -> skews.forEach(s -> ids.add(s.spanId()));
            case RETRY_RATE -> retries.forEach(r -> ids.add(r.spanId()));
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        }
        return ids;
    }
}
