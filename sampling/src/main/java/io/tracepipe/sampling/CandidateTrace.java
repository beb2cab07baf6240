package io.tracepipe.sampling;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A whole assembled trace that sampling decides on, as the policies see it (not yet kept: that is
 * the decision), with the facts they ask about computed once, on first use. Not thread-safe: one
 * trace is decided on one thread.
 */
public final class CandidateTrace {

    private final byte[] traceId;
    private final TracesData data;
    private final boolean exemplarCandidate;

    // computed lazily: most traces are decided by the first policies, which need only some facts
    private List<Span> spans;
    private int spanCount = -1;
    private long durationNanos = -1;
    private Set<Status.StatusCode> statuses;
    private final Map<String, List<AnyValue>> attributeValues = new HashMap<>();
    private Map<String, Set<String>> traceState;

    /**
     * @param traceId the 16-byte trace id
     * @param data every span of the trace, under their resources and scopes
     * @param exemplarCandidate true when a span of the trace is among the worst spans of a rule
     *     window, so the trace may become an alert's exemplar
     */
    public CandidateTrace(byte[] traceId, TracesData data, boolean exemplarCandidate) {
        Objects.requireNonNull(traceId, "traceId");
        if (traceId.length != Ids.TRACE_ID_BYTES) {
            throw new IllegalArgumentException("a trace id has 16 bytes, not " + traceId.length);
        }
        this.traceId = traceId.clone();
        this.data = Objects.requireNonNull(data, "data");
        this.exemplarCandidate = exemplarCandidate;
    }

    /** A copy of the 16-byte trace id. */
    public byte[] traceId() {
        return traceId.clone();
    }

    /** The trace id without copying, for the policies of this package (they never modify it). */
    byte[] traceIdBytes() {
        return traceId;
    }

    public TracesData data() {
        return data;
    }

    public boolean exemplarCandidate() {
        return exemplarCandidate;
    }

    /** How many spans the trace holds. */
    public int spanCount() {
        if (spanCount < 0) {
            int count = 0;
            for (ResourceSpans rs : data.getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    count += ss.getSpansCount();
                }
            }
            spanCount = count;
        }
        return spanCount;
    }

    /**
     * The latest end minus the earliest start over all spans, as the Collector's latency policy
     * measures it (what happened in between does not matter); zero for a trace without spans.
     */
    public Duration duration() {
        return Duration.ofNanos(durationNanos());
    }

    long durationNanos() {
        if (durationNanos < 0) {
            long minStart = Long.MAX_VALUE;
            long maxEnd = Long.MIN_VALUE;
            for (Span span : spans()) {
                minStart = Math.min(minStart, span.getStartTimeUnixNano());
                maxEnd = Math.max(maxEnd, span.getEndTimeUnixNano());
            }
            // a span that ends before it starts (clock skew) must not make the duration negative
            durationNanos = minStart == Long.MAX_VALUE ? 0 : Math.max(0, maxEnd - minStart);
        }
        return durationNanos;
    }

    /** Whether any span has this status code (a span without a status counts as UNSET). */
    public boolean hasStatus(Status.StatusCode code) {
        if (statuses == null) {
            Set<Status.StatusCode> found = EnumSet.noneOf(Status.StatusCode.class);
            for (Span span : spans()) {
                found.add(span.getStatus().getCode());
            }
            statuses = found;
        }
        return statuses.contains(code);
    }

    /**
     * Whether the attribute {@code key} of any resource or any span has a value that {@code test}
     * accepts: one span or one resource is enough, as in the Collector.
     */
    public boolean anyAttribute(String key, Predicate<AnyValue> test) {
        for (AnyValue value : attributeValues(key)) {
            if (test.test(value)) {
                return true;
            }
        }
        return false;
    }

    /** Every value of the attribute {@code key} over the resources and spans of the trace. */
    public List<AnyValue> attributeValues(String key) {
        return attributeValues.computeIfAbsent(key, this::collectAttribute);
    }

    private List<AnyValue> collectAttribute(String key) {
        List<AnyValue> values = new ArrayList<>();
        for (ResourceSpans rs : data.getResourceSpansList()) {
            addValues(rs.getResource().getAttributesList(), key, values);
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    addValues(span.getAttributesList(), key, values);
                }
            }
        }
        return List.copyOf(values);
    }

    private static void addValues(List<KeyValue> attributes, String key, List<AnyValue> into) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                into.add(kv.getValue());
            }
        }
    }

    /**
     * The values given to {@code key} in the W3C trace state ({@code key=value,key=value}) of any
     * span; empty when no span has it.
     */
    public Set<String> traceStateValues(String key) {
        if (traceState == null) {
            Map<String, Set<String>> found = new HashMap<>();
            for (Span span : spans()) {
                TraceStates.forEachEntry(span.getTraceState(),
                        (k, v) -> found.computeIfAbsent(k, x -> new HashSet<>()).add(v));
            }
            traceState = found;
        }
        return traceState.getOrDefault(key, Set.of());
    }

    private List<Span> spans() {
        if (spans == null) {
            List<Span> all = new ArrayList<>(spanCount());
            for (ResourceSpans rs : data.getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    all.addAll(ss.getSpansList());
                }
            }
            spans = all;
        }
        return spans;
    }

    @Override
    public String toString() {
        return "CandidateTrace{" + Ids.toHex(traceId) + ", " + spanCount() + " spans"
                + (exemplarCandidate ? ", exemplar candidate" : "") + "}";
    }
}
