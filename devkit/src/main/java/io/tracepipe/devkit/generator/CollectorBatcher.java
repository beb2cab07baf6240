package io.tracepipe.devkit.generator;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Turns traces into the records each pod's SDK and collector would publish: a span joins its
 * pod's batch when it ends, and a batch is exported when it reaches {@code maxSpansPerRecord}
 * spans or when the pod's flush timer fires, so one trace's spans land in several records.
 * Not thread-safe.
 */
public final class CollectorBatcher {
    // Spreads the pods' flush timers over the interval, as independently started SDKs would be.
    private static final double GOLDEN_FRACTION = 0.6180339887498949;

    private final int maxSpansPerRecord;
    private final long intervalNanos;
    private final Map<Integer, Lane> lanes = new TreeMap<>();
    private long offered;
    private long exported;

    public CollectorBatcher(GeneratorSettings settings) {
        this(settings.maxSpansPerRecord(), settings.flushInterval());
    }

    public CollectorBatcher(int maxSpansPerRecord, Duration flushInterval) {
        if (maxSpansPerRecord < 1 || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("need maxSpansPerRecord >= 1 and a positive flushInterval");
        }
        this.maxSpansPerRecord = maxSpansPerRecord;
        this.intervalNanos = flushInterval.toNanos();
    }

    /**
     * Queues the trace's spans; each becomes exportable at its end time. Offer a trace before
     * flushing past its start, as a live service would, or its early spans export late.
     */
    public void offer(GeneratedTrace trace) {
        for (ServiceSpan span : trace.spans()) {
            lanes.computeIfAbsent(span.instance().ordinal(), ordinal -> new Lane(span.instance()))
                    .pending.add(new Pending(span.span().getEndTimeUnixNano(), offered++, span.span()));
        }
    }

    /** The records exported up to and including {@code now}, in export order. */
    public List<OtlpRecord> flush(Instant now) {
        return advance(OtlpValues.nanos(now));
    }

    /** Exports everything still queued, each batch at the time its timer (or size limit) would have sent it. */
    public List<OtlpRecord> flushAll() {
        return advance(Long.MAX_VALUE);
    }

    /** Spans offered but not yet exported. */
    public int pendingSpans() {
        int pending = 0;
        for (Lane lane : lanes.values()) {
            pending += lane.pending.size() + lane.batch.size();
        }
        return pending;
    }

    private List<OtlpRecord> advance(long now) {
        List<Export> exports = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            lane.advance(now, exports);
        }
        exports.sort(Comparator.comparingLong(Export::at).thenComparingLong(Export::sequence));
        List<OtlpRecord> records = new ArrayList<>(exports.size());
        for (Export export : exports) {
            records.add(export.record);
        }
        return records;
    }

    /** One pod's export pipeline: spans waiting to end, the current batch and its timer. */
    private final class Lane {
        private final ServiceInstance instance;
        private final long phase;
        private final PriorityQueue<Pending> pending =
                new PriorityQueue<>(Comparator.comparingLong(Pending::end).thenComparingLong(Pending::sequence));
        private final List<Span> batch = new ArrayList<>();
        private long exportAt;

        Lane(ServiceInstance instance) {
            this.instance = instance;
            double fraction = (instance.ordinal() * GOLDEN_FRACTION) % 1.0;
            this.phase = (long) (intervalNanos * fraction);
        }

        void advance(long now, List<Export> out) {
            while (true) {
                Pending next = pending.peek();
                boolean spanDue = next != null && next.end <= now;
                boolean timerDue = !batch.isEmpty() && exportAt <= now;
                if (timerDue && (!spanDue || exportAt < next.end)) {
                    out.add(export(exportAt));
                } else if (spanDue) {
                    pending.poll();
                    if (batch.isEmpty()) {
                        exportAt = nextTick(next.end);
                    }
                    batch.add(next.span);
                    if (batch.size() == maxSpansPerRecord) {
                        out.add(export(next.end));
                    }
                } else {
                    return;
                }
            }
        }

        /** The first timer tick strictly after {@code t}; ticks fall at phase + k * interval. */
        private long nextTick(long t) {
            return Math.floorDiv(t - phase, intervalNanos) * intervalNanos + phase + intervalNanos;
        }

        private Export export(long at) {
            ResourceSpans.Builder resourceSpans = ResourceSpans.newBuilder()
                    .setResource(instance.resource())
                    .setSchemaUrl(OtlpValues.SCHEMA_URL);
            ScopeSpans.Builder scopeSpans = resourceSpans.addScopeSpansBuilder()
                    .setScope(instance.scope())
                    .setSchemaUrl(OtlpValues.SCHEMA_URL);
            Map<String, Integer> spansPerTrace = new LinkedHashMap<>();
            for (Span span : batch) {
                scopeSpans.addSpans(span);
                spansPerTrace.merge(OtlpValues.hex(span.getTraceId().toByteArray()), 1, Integer::sum);
            }
            byte[] value = ExportTraceServiceRequest.newBuilder().addResourceSpans(resourceSpans).build().toByteArray();
            OtlpRecord record = new OtlpRecord(value, instance.serviceName(), OtlpValues.instant(at), batch.size(), spansPerTrace);
            batch.clear();
            return new Export(at, exported++, record);
        }
    }

    private record Pending(long end, long sequence, Span span) {}

    private record Export(long at, long sequence, OtlpRecord record) {}
}
