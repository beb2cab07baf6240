package io.tracepipe.anomaly.trace;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parent/child structure of one trace, indexed once: spans by position, children by parent,
 * the tops (spans whose parent is not in the trace) and the chosen root.
 *
 * <p>A span id seen twice keeps its first span. A top is a true root (empty parent id) or an
 * orphan (its parent never arrived). The chosen root is the true root when there is one,
 * otherwise an orphan; among several candidates the one that starts first, then ends last, then
 * has the smallest span id. Spans whose parent chain loops back on itself reach no top and are
 * left out of everything that walks down from the tops.
 */
final class TraceTree {
    /** Earliest start, then latest end, then span id: the span that most likely encloses the others. */
    private static final Comparator<SpanView> ROOT_ORDER = Comparator.comparingLong(SpanView::startNanos)
            .thenComparing(Comparator.comparingLong(TraceTree::endOf).reversed())
            .thenComparing(SpanView::spanId);

    private static final int[] NONE = new int[0];

    private final SpanView[] spans;
    private final int[][] children;
    private final int[] tops;
    private final int root;
    private final Map<String, Integer> positionById;

    private TraceTree(SpanView[] spans, int[][] children, int[] tops, int root, Map<String, Integer> positionById) {
        this.spans = spans;
        this.children = children;
        this.tops = tops;
        this.root = root;
        this.positionById = positionById;
    }

    static TraceTree of(TraceView trace) {
        List<SpanView> input = trace.spans();
        Map<String, Integer> positionById = new HashMap<>(input.size() * 2);
        List<SpanView> unique = new ArrayList<>(input.size());
        for (SpanView span : input) {
            if (positionById.putIfAbsent(span.spanId(), unique.size()) == null) {
                unique.add(span);
            }
        }
        SpanView[] spans = unique.toArray(SpanView[]::new);
        int n = spans.length;

        // Two passes over parent positions build all child arrays without per-parent lists.
        int[] parentOf = new int[n];
        int[] childCount = new int[n];
        int topCount = 0;
        for (int i = 0; i < n; i++) {
            Integer parent = spans[i].isRoot() ? null : positionById.get(spans[i].parentSpanId());
            parentOf[i] = parent == null ? -1 : parent;
            if (parent == null) {
                topCount++;
            } else {
                childCount[parent]++;
            }
        }
        int[][] children = new int[n][];
        for (int i = 0; i < n; i++) {
            children[i] = childCount[i] == 0 ? NONE : new int[childCount[i]];
        }
        int[] filled = new int[n];
        int[] tops = new int[topCount];
        int topsFilled = 0;
        for (int i = 0; i < n; i++) {
            int parent = parentOf[i];
            if (parent < 0) {
                tops[topsFilled++] = i;
            } else {
                children[parent][filled[parent]++] = i;
            }
        }
        return new TraceTree(spans, children, tops, chooseRoot(spans, tops), positionById);
    }

    private static int chooseRoot(SpanView[] spans, int[] tops) {
        int best = -1;
        for (int top : tops) {
            if (best < 0 || isBetterRoot(spans[top], spans[best])) {
                best = top;
            }
        }
        return best;
    }

    private static boolean isBetterRoot(SpanView candidate, SpanView current) {
        if (candidate.isRoot() != current.isRoot()) {
            return candidate.isRoot();
        }
        return ROOT_ORDER.compare(candidate, current) < 0;
    }

    /** The end of a span, never before its start (a clock-skewed span counts as zero-length). */
    static long endOf(SpanView span) {
        return Math.max(span.startNanos(), span.endNanos());
    }

    /** The position of the span with this id (the first span, when the id was seen twice), or -1. */
    int position(String spanId) {
        Integer position = positionById.get(spanId);
        return position == null ? -1 : position;
    }

    int size() {
        return spans.length;
    }

    SpanView span(int position) {
        return spans[position];
    }

    int[] children(int position) {
        return children[position];
    }

    int[] tops() {
        return tops.clone();
    }

    /** The position of the chosen root, or -1 for a trace without spans (or made only of loops). */
    int root() {
        return root;
    }
}
