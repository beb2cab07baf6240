package io.tracepipe.anomaly.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import io.tracepipe.anomaly.eval.Culprit;
import io.tracepipe.anomaly.eval.WindowSummary;
import io.tracepipe.anomaly.model.SpanView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The mergeable aggregate of the matching spans of one rule, group key and window: counts, errors,
 * slow spans, a latency sketch (quantiles within 1 % of the true value), the worst spans as
 * exemplars, and what explains the window's bad spans: where they come from ({@link #causes()}:
 * error origins, or critical-path self time per operation) and which attribute values set them
 * apart ({@link #attributes()}). Partial aggregates (per task, per batch) merge into the same
 * result whatever the grouping (the bounded summaries within their stated error). Not thread-safe.
 */
public final class WindowStats {

    /** The most exemplars kept per window. */
    public static final int MAX_EXEMPLARS = 5;
    /** The relative accuracy of the latency quantiles. */
    public static final double RELATIVE_ACCURACY = 0.01;

    /** Counters of the cause summaries: an operation behind more than 1/33 of the bad spans is always kept. */
    public static final int CAUSE_CAPACITY = 32;

    // version 4: version 3, then a byte saying whether a distinct-value sketch follows (attribute_cardinality rules).
    // version 3: version 2, then the bad-span count, the two cause summaries and the attribute contrast.
    // version 2: the exemplar ranking, then as version 1: durations sketch = DDSketches.unboundedDense(0.01),
    // encoded without its index mapping. Version 2 is still read (a partial written before an upgrade).
    private static final int VERSION = 4;
    private static final int VERSION_WITHOUT_DISTINCT = 3;
    private static final int VERSION_WITHOUT_CAUSES = 2;
    private static final int FLAG_ERROR = 1;
    private static final int FLAG_SUSPECT = 2;

    private final ExemplarRanking ranking;
    private long count;
    private long errors;
    private long slow;
    private long maxNanos;
    private final DDSketch durationsNanos = DDSketches.unboundedDense(RELATIVE_ACCURACY);
    // worst first, at most MAX_EXEMPLARS, at most one per trace: five spans of one trace prove less than five traces
    private final List<Exemplar> exemplars = new ArrayList<>(MAX_EXEMPLARS + 1);
    private long bad;
    // errors: error origins, weight 1 per bad span; latency: self nanos per operation on the bad spans' critical paths
    private final HeavyHitters causes = new HeavyHitters(CAUSE_CAPACITY);
    // latency only: bad spans whose critical path runs through each operation
    private final HeavyHitters causeSpans = new HeavyHitters(CAUSE_CAPACITY);
    private final AttributeContrast attributes = new AttributeContrast();
    // attribute_cardinality rules only: the distinct values of the rule's key
    private HyperLogLog distinct;

    /** An empty aggregate whose exemplars put errors first. */
    public WindowStats() {
        this(ExemplarRanking.ERRORS_FIRST);
    }

    /** An empty aggregate whose exemplars are ranked as given. */
    public WindowStats(ExemplarRanking ranking) {
        this.ranking = ranking;
    }

    /** Adds one matching span that is not bad and whose attributes are not contrasted; see {@link #add(SpanView, long, boolean, Supplier, List)}. */
    public void add(SpanView span, long slowThresholdNanos, Supplier<SpanCauses> causesOfSpan) {
        add(span, slowThresholdNanos, false, causesOfSpan, List.of());
    }

    /**
     * Adds one matching span.
     *
     * @param slowThresholdNanos spans longer than this count as slow; -1 when the rule counts no slow spans
     * @param isBad whether the rule counts the span as bad (failed, or beyond its latency threshold):
     *     bad spans feed the cause summaries and the bad side of the attribute contrast
     * @param causesOfSpan what explains the span: its error origin for error rankings, its critical
     *     path for latency; called only for bad spans and for spans that enter the exemplars, because
     *     computing it walks the trace
     * @param attributeKeys the attribute keys to contrast between bad and good spans
     */
    public void add(SpanView span, long slowThresholdNanos, boolean isBad, Supplier<SpanCauses> causesOfSpan,
            List<String> attributeKeys) {
        long duration = span.durationNanos();
        count++;
        if (span.isError()) {
            errors++;
        }
        if (slowThresholdNanos >= 0 && duration > slowThresholdNanos) {
            slow++;
        }
        maxNanos = Math.max(maxNanos, duration);
        durationsNanos.accept(duration);
        attributes.add(span, isBad, attributeKeys);
        SpanCauses spanCauses = null;
        if (isBad) {
            bad++;
            spanCauses = causesOfSpan.get();
            addCauses(span, spanCauses);
        }
        // the common case, a span milder than every exemplar, is decided without allocating anything
        if (exemplars.size() == MAX_EXEMPLARS && !ranking.mayDisplace(span.isError(), duration, exemplars.get(MAX_EXEMPLARS - 1))) {
            return;
        }
        Exemplar candidate = new Exemplar(span.traceId(), span.spanId(), duration, span.isError(), null);
        if (makeRoomFor(candidate)) {
            Culprit suspect = (spanCauses != null ? spanCauses : causesOfSpan.get()).top();
            insert(new Exemplar(candidate.traceId(), candidate.spanId(), duration, candidate.error(), suspect));
        }
    }

    private void addCauses(SpanView span, SpanCauses spanCauses) {
        boolean latency = ranking == ExemplarRanking.SLOWEST_FIRST;
        for (SpanCauses.Cause cause : spanCauses.causes()) {
            String key = cause.key();
            // errors count each bad span once, at its origin
            causes.add(key, latency ? cause.weight() : 1, exampleOf(span, cause, ranking));
            if (latency) {
                causeSpans.add(key, 1, null);
            }
        }
    }

    /**
     * The example a bad span offers for one of its causes, as the cause summaries keep it: for
     * errors scored by the span's duration (the longest failure an operation started), for latency
     * by the cause's self time (the span the operation slowed most).
     */
    public static HeavyHitters.Example exampleOf(SpanView span, SpanCauses.Cause cause, ExemplarRanking ranking) {
        long score = ranking == ExemplarRanking.SLOWEST_FIRST ? cause.weight() : span.durationNanos();
        return new HeavyHitters.Example(span.traceId(), span.spanId(), score);
    }

    /** Counts one value, by its hash, of the attribute an {@code attribute_cardinality} rule watches. */
    public void addDistinct(long valueHash) {
        if (distinct == null) {
            distinct = new HyperLogLog();
        }
        distinct.add(valueHash);
    }

    /** The estimated distinct values given to {@link #addDistinct} (exact up to 128, then within 1.6 % standard error). */
    public long distinctValues() {
        return distinct == null ? 0 : distinct.estimate();
    }

    /** Adds another aggregate of the same rule, key and window into this one; {@code other} is left unchanged. */
    public void merge(WindowStats other) {
        if (other.distinct != null) {
            if (distinct == null) {
                distinct = new HyperLogLog();
            }
            distinct.merge(other.distinct);
        }
        if (other.ranking != ranking) {
            throw new IllegalArgumentException("cannot merge statistics ranked " + other.ranking + " into " + ranking);
        }
        count += other.count;
        errors += other.errors;
        slow += other.slow;
        maxNanos = Math.max(maxNanos, other.maxNanos);
        durationsNanos.mergeWith(other.durationsNanos);
        bad += other.bad;
        causes.merge(other.causes);
        causeSpans.merge(other.causeSpans);
        attributes.merge(other.attributes);
        for (Exemplar exemplar : other.exemplars) {
            if (makeRoomFor(exemplar)) {
                insert(exemplar);
            }
        }
    }

    /**
     * Whether the candidate belongs among the exemplars; when it does, removes what it displaces
     * (a milder span of the same trace, or the mildest exemplar when the list is full).
     */
    private boolean makeRoomFor(Exemplar candidate) {
        for (int i = 0; i < exemplars.size(); i++) {
            Exemplar kept = exemplars.get(i);
            if (kept.traceId().equals(candidate.traceId())) {
                if (ranking.worstFirst().compare(candidate, kept) >= 0) {
                    return false;
                }
                exemplars.remove(i);
                return true;
            }
        }
        if (exemplars.size() < MAX_EXEMPLARS) {
            return true;
        }
        if (ranking.worstFirst().compare(candidate, exemplars.get(exemplars.size() - 1)) >= 0) {
            return false;
        }
        exemplars.remove(exemplars.size() - 1);
        return true;
    }

    private void insert(Exemplar exemplar) {
        int at = 0;
        while (at < exemplars.size() && ranking.worstFirst().compare(exemplars.get(at), exemplar) < 0) {
            at++;
        }
        exemplars.add(at, exemplar);
    }

    public long count() {
        return count;
    }

    public long errors() {
        return errors;
    }

    /** Spans longer than the slow threshold given to {@link #add}. */
    public long slow() {
        return slow;
    }

    public long maxNanos() {
        return maxNanos;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Spans the rule counted as bad (failed, or beyond its latency threshold). */
    public long bad() {
        return bad;
    }

    /** The ranking of the exemplars, which also says what the causes are: error origins, or critical-path time. */
    public ExemplarRanking ranking() {
        return ranking;
    }

    /**
     * Where the bad spans come from, keyed by {@link SpanCauses#key}: for errors the number of bad
     * spans whose failure started at each operation; for latency the self nanoseconds each operation
     * spent on the bad spans' critical paths. A copy.
     */
    public HeavyHitters causes() {
        return copy(causes);
    }

    /** Latency only: how many bad spans' critical paths run through each operation. A copy. */
    public HeavyHitters causeSpans() {
        return copy(causeSpans);
    }

    /** Attribute values that did not fit the contrast's bounded counters. */
    public long cappedAttributeValues() {
        return attributes.capped();
    }

    /** The attribute values of the bad spans against the good ones. A copy. */
    public AttributeContrast attributes() {
        AttributeContrast copy = new AttributeContrast();
        copy.merge(attributes);
        return copy;
    }

    private static HeavyHitters copy(HeavyHitters summary) {
        HeavyHitters copy = new HeavyHitters(summary.capacity());
        copy.merge(summary);
        return copy;
    }

    /**
     * The duration at quantile {@code q} in seconds, within 1 % of the true value (never above the
     * exact maximum); the exact maximum for q = 1; 0 when empty.
     */
    public double quantileSeconds(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        }
        if (count == 0) {
            return 0;
        }
        if (q == 1) {
            return maxNanos / 1e9;
        }
        // the sketch answers with a bucket's representative value, which may lie a little above the largest value seen
        double nanos = Math.min(Math.max(durationsNanos.getValueAtQuantile(q), 0), maxNanos);
        return nanos / 1e9;
    }

    /** The exemplars, worst first. */
    public List<Exemplar> exemplars() {
        return List.copyOf(exemplars);
    }

    /** The statistics for alerts, latencies in seconds. */
    public WindowSummary summary() {
        return new WindowSummary(count, errors, slow, quantileSeconds(0.50), quantileSeconds(0.95),
                quantileSeconds(0.99), quantileSeconds(1));
    }

    /** A compact, versioned binary form for state stores; {@link #decode} reads it back. */
    public byte[] encode() {
        BinaryWriter out = new BinaryWriter()
                .writeByte(VERSION)
                .writeByte(ranking.ordinal())
                .writeVarLong(count)
                .writeVarLong(errors)
                .writeVarLong(slow)
                .writeVarLong(maxNanos);
        GrowingByteArrayOutput sketch = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            durationsNanos.encode(sketch, true); // the mapping is fixed by VERSION, no need to store it
        } catch (IOException e) {
            throw new IllegalStateException("in-memory output cannot fail", e);
        }
        out.writeBytes(sketch.trimmedCopy());
        out.writeVarLong(exemplars.size());
        for (Exemplar e : exemplars) {
            out.writeString(e.traceId()).writeString(e.spanId()).writeVarLong(e.durationNanos());
            Culprit suspect = e.suspect();
            out.writeByte((e.error() ? FLAG_ERROR : 0) | (suspect != null ? FLAG_SUSPECT : 0));
            if (suspect != null) {
                out.writeString(suspect.service()).writeString(suspect.operation()).writeDouble(suspect.share());
            }
        }
        out.writeVarLong(bad);
        causes.writeTo(out);
        causeSpans.writeTo(out);
        attributes.writeTo(out);
        out.writeByte(distinct == null ? 0 : 1);
        if (distinct != null) {
            distinct.writeTo(out);
        }
        return out.toByteArray();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not window statistics of a known version
     */
    public static WindowStats decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int version = in.readByte();
        if (version != VERSION && version != VERSION_WITHOUT_DISTINCT && version != VERSION_WITHOUT_CAUSES) {
            throw new IllegalArgumentException("unknown window statistics version " + version);
        }
        int ranking = in.readByte();
        if (ranking < 0 || ranking >= ExemplarRanking.values().length) {
            throw new IllegalArgumentException("unknown exemplar ranking " + ranking);
        }
        WindowStats stats = new WindowStats(ExemplarRanking.values()[ranking]);
        stats.count = in.readVarLong();
        stats.errors = in.readVarLong();
        stats.slow = in.readVarLong();
        stats.maxNanos = in.readVarLong();
        try {
            stats.durationsNanos.decodeAndMergeWith(ByteArrayInput.wrap(in.readBytes()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt latency sketch in window statistics", e);
        }
        int exemplarCount = in.readSize();
        if (exemplarCount > MAX_EXEMPLARS) {
            throw new IllegalArgumentException("too many exemplars: " + exemplarCount);
        }
        for (int i = 0; i < exemplarCount; i++) {
            String traceId = in.readString();
            String spanId = in.readString();
            long duration = in.readVarLong();
            int flags = in.readByte();
            Culprit suspect = (flags & FLAG_SUSPECT) != 0
                    ? new Culprit(in.readString(), in.readString(), in.readDouble()) : null;
            stats.exemplars.add(new Exemplar(traceId, spanId, duration, (flags & FLAG_ERROR) != 0, suspect));
        }
        if (version >= VERSION_WITHOUT_DISTINCT) {
            stats.bad = in.readVarLong();
            stats.causes.merge(HeavyHitters.readFrom(in));
            stats.causeSpans.merge(HeavyHitters.readFrom(in));
            stats.attributes.merge(AttributeContrast.readFrom(in));
        }
        if (version == VERSION && in.readByte() == 1) {
            stats.distinct = HyperLogLog.readFrom(in);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after window statistics");
        }
        return stats;
    }

    @Override
    public String toString() {
        return "WindowStats{count=" + count + ", errors=" + errors + ", slow=" + slow + ", maxNanos=" + maxNanos
                + ", bad=" + bad + ", exemplars=" + exemplars.size() + "}";
    }
}
