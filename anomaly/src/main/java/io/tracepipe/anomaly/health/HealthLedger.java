package io.tracepipe.anomaly.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the checks found in the traces of one task, in bounded memory: counts per service, service
 * pair or (client, server), each with the example trace of its worst case, at most {@code maxKeys}
 * keys per category (further keys count under {@value #OVERFLOW}); attribute cardinality per
 * (service, key) over the current and the previous period. Periods are aligned to the epoch, so
 * the ledgers of all tasks share them. Written by one stream thread and read by others: every
 * method locks the ledger, once per trace.
 */
public final class HealthLedger {
    public static final String OVERFLOW = "__overflow__";
    /** The caller of an orphan that cannot be told. */
    public static final String UNKNOWN = "unknown";

    private record Pair(String first, String second) {
        @Override
        public String toString() {
            return first + '\u0000' + second;
        }
    }

    private static final Pair OVERFLOW_PAIR = new Pair(OVERFLOW, OVERFLOW);

    private final int maxKeys;
    private final long periodMs;
    private long traces;
    private long spans;
    private final Tally<String> spansByService;
    private final Tally<Pair> orphans;
    private final Tally<String> multipleRoots;
    private final Tally<Pair> skew;
    private final Tally<Pair> retries;
    private final Tally<Pair> declaredRetries;
    private AttributeCardinality current;
    private AttributeCardinality previous;
    private long periodStartMs = Long.MIN_VALUE;

    /**
     * @param maxKeys the most keys per category, and the most (service, key) pairs of attribute cardinality
     * @param cardinalityPeriod how long distinct values are counted before a new count starts
     */
    public HealthLedger(int maxKeys, Duration cardinalityPeriod) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1: " + maxKeys);
        }
        this.maxKeys = maxKeys;
        this.periodMs = cardinalityPeriod.toMillis();
        if (periodMs < 1) {
            throw new IllegalArgumentException("cardinality period must be at least 1 ms: " + cardinalityPeriod);
        }
        spansByService = new Tally<>(maxKeys, OVERFLOW);
        orphans = new Tally<>(maxKeys, OVERFLOW_PAIR);
        multipleRoots = new Tally<>(maxKeys, OVERFLOW);
        skew = new Tally<>(maxKeys, OVERFLOW_PAIR);
        retries = new Tally<>(maxKeys, OVERFLOW_PAIR);
        declaredRetries = new Tally<>(maxKeys, OVERFLOW_PAIR);
        current = new AttributeCardinality(maxKeys);
        previous = new AttributeCardinality(maxKeys);
    }

    /** Adds one checked trace: its spans, what the checks found, its attribute values; {@code nowMs} picks the cardinality period. */
    public synchronized void record(HealthTrace trace, TraceHealth health, TraceAttributes attributes, long nowMs) {
        String traceId = trace.traceId();
        traces++;
        spans += trace.spans().size();
        for (HealthSpan span : trace.spans()) {
            spansByService.entry(span.service()).add(1, 0, 0, traceId);
        }
        for (Findings.Orphan orphan : health.orphans()) {
            orphans.entry(new Pair(orphan.service(), orphan.caller() == null ? UNKNOWN : orphan.caller())).add(1, 0, 0, traceId);
        }
        // a trace counts once per service that started it again
        health.extraRoots().stream().map(Findings.ExtraRoot::service).distinct()
                .forEach(service -> multipleRoots.entry(service).add(1, 0, 0, traceId));
        for (Findings.Skew s : health.skews()) {
            skew.entry(new Pair(s.parentService(), s.childService())).add(1, s.offsetNanos(), Math.abs(s.offsetNanos()), traceId);
        }
        for (Findings.Retry r : health.retries()) {
            Pair key = new Pair(r.client(), r.server());
            retries.entry(key).add(1, 0, 0, traceId);
            if (r.declared()) {
                declaredRetries.entry(key).add(1, 0, 0, traceId);
            }
        }
        rotate(nowMs);
        AttributeCardinality into = current;
        attributes.forEach((service, key, hash) -> into.add(service, key, hash, traceId));
    }

    private void rotate(long nowMs) {
        long start = Math.floorDiv(nowMs, periodMs) * periodMs;
        if (start <= periodStartMs) {
            return;
        }
        // only the period just before this one is kept: an older one is history
        previous = periodStartMs == start - periodMs ? current : new AttributeCardinality(maxKeys);
        current = new AttributeCardinality(maxKeys);
        periodStartMs = start;
    }

    /**
     * Adds everything this ledger counted into {@code target}; with {@code withCardinality} false only
     * the counts (a task that closes leaves its counts, which only grow, but not its periods).
     */
    public synchronized void mergeInto(HealthLedger target, boolean withCardinality) {
        target.mergeFrom(this, withCardinality);
    }

    private synchronized void mergeFrom(HealthLedger other, boolean withCardinality) {
        traces += other.traces;
        spans += other.spans;
        spansByService.merge(other.spansByService);
        orphans.merge(other.orphans);
        multipleRoots.merge(other.multipleRoots);
        skew.merge(other.skew);
        retries.merge(other.retries);
        declaredRetries.merge(other.declaredRetries);
        if (withCardinality) {
            if (other.periodStartMs > periodStartMs) {
                rotate(other.periodStartMs);
            }
            if (other.periodStartMs == periodStartMs) {
                current.merge(other.current);
                previous.merge(other.previous);
            } else if (other.periodStartMs == periodStartMs - periodMs) {
                previous.merge(other.current);
            }
        }
    }

    /**
     * Everything counted, worst first.
     *
     * @param cardinalityAtLeast the fewest distinct values for a (service, key) pair to be reported
     */
    public synchronized HealthReport report(long cardinalityAtLeast) {
        List<HealthReport.OrphanRow> orphanRows = new ArrayList<>();
        for (Map.Entry<Pair, Tally.Entry> e : orphans.ranked()) {
            Pair key = e.getKey();
            orphanRows.add(new HealthReport.OrphanRow(key.first(), key.second(), e.getValue().count, spansByService.count(key.first()),
                    e.getValue().example));
        }
        List<HealthReport.RootRow> rootRows = new ArrayList<>();
        for (Map.Entry<String, Tally.Entry> e : multipleRoots.ranked()) {
            rootRows.add(new HealthReport.RootRow(e.getKey(), e.getValue().count, e.getValue().example));
        }
        List<HealthReport.SkewRow> skewRows = new ArrayList<>();
        for (Map.Entry<Pair, Tally.Entry> e : skew.ranked()) {
            Tally.Entry t = e.getValue();
            skewRows.add(new HealthReport.SkewRow(e.getKey().first(), e.getKey().second(), t.count, t.sum / t.count,
                    worstSigned(t), t.example));
        }
        List<HealthReport.RetryRow> retryRows = new ArrayList<>();
        for (Map.Entry<Pair, Tally.Entry> e : retries.ranked()) {
            retryRows.add(new HealthReport.RetryRow(e.getKey().first(), e.getKey().second(), e.getValue().count,
                    declaredRetries.count(e.getKey()), e.getValue().example));
        }
        AttributeCardinality window = new AttributeCardinality(maxKeys);
        window.merge(previous);
        window.merge(current);
        return new HealthReport(traces, spans, orphanRows, rootRows, skewRows, retryRows, window.rows(cardinalityAtLeast),
                current.capped() + previous.capped(), Duration.ofMillis(periodMs));
    }

    /** The worst offset keeps only its magnitude; its sign is that of the mean (a host's clock is off one way). */
    private static long worstSigned(Tally.Entry t) {
        return t.sum < 0 ? -t.worst : t.worst;
    }
}
