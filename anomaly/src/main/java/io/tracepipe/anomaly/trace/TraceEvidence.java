package io.tracepipe.anomaly.trace;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import io.tracepipe.anomaly.stats.SpanCauses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What explains each span of one trace, computed on first demand and kept for the other rules
 * that ask about the same span: where its failure started ({@link #errorCauses}) and which
 * operations its time went to ({@link #latencyCauses}). The trace is indexed once, when first
 * asked. Not thread-safe; one per trace.
 */
public final class TraceEvidence {
    private final TraceView trace;
    private TraceTree tree;
    private int[] origins;
    private SpanCauses[] paths;

    public TraceEvidence(TraceView trace) {
        this.trace = trace;
    }

    /**
     * The error origin of a failed span: follow its failed children down to a failed span none
     * of whose children failed (the failure that started it all; the spans above are symptoms).
     * Of several failed children, the one whose origin lies deepest, then whose origin ended
     * first, then the smaller span id. A failed child the span survived is not followed unless
     * it is itself failed. {@link SpanCauses#NONE} for a span that did not fail.
     */
    public SpanCauses errorCauses(SpanView span) {
        if (!span.isError()) {
            return SpanCauses.NONE;
        }
        int position = tree().position(span.spanId());
        if (position < 0) {
            return SpanCauses.NONE;
        }
        if (origins == null) {
            origins = ErrorOrigin.originsOf(tree);
        }
        SpanView origin = tree.span(origins[position]);
        return new SpanCauses(List.of(new SpanCauses.Cause(origin.service(), origin.operation(), 1)), 1);
    }

    /**
     * The summed self time per service/operation on the critical path below the span (the span
     * itself included), heaviest first; the weights sum to the span's duration.
     * {@link SpanCauses#NONE} for a span that lasted no time.
     */
    public SpanCauses latencyCauses(SpanView span) {
        int position = tree().position(span.spanId());
        if (position < 0) {
            return SpanCauses.NONE;
        }
        if (paths == null) {
            paths = new SpanCauses[tree.size()];
        }
        SpanCauses causes = paths[position];
        if (causes == null) {
            causes = pathCauses(CriticalPath.walk(tree, position));
            paths[position] = causes;
        }
        return causes;
    }

    private static SpanCauses pathCauses(List<PathSegment> segments) {
        Map<String, long[]> selfTime = new HashMap<>();
        Map<String, SpanView> named = new HashMap<>();
        long total = 0;
        for (PathSegment segment : segments) {
            SpanView span = segment.span();
            String key = SpanCauses.key(span.service(), span.operation());
            selfTime.computeIfAbsent(key, k -> new long[1])[0] += segment.selfTimeNanos();
            named.putIfAbsent(key, span);
            total += segment.selfTimeNanos();
        }
        if (total == 0) {
            return SpanCauses.NONE;
        }
        List<SpanCauses.Cause> causes = new ArrayList<>(selfTime.size());
        selfTime.forEach((key, nanos) -> {
            SpanView span = named.get(key);
            causes.add(new SpanCauses.Cause(span.service(), span.operation(), nanos[0]));
        });
        causes.sort(SpanCauses.HEAVIEST_FIRST);
        return new SpanCauses(causes, total);
    }

    private TraceTree tree() {
        if (tree == null) {
            tree = TraceTree.of(trace);
        }
        return tree;
    }
}
