package io.tracepipe.anomaly.trace;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import java.util.Comparator;
import java.util.Optional;

/**
 * Finds the span where a trace's failure started: the errored span none of whose children
 * errored (an error that propagated up is a symptom; the lowest one is the cause).
 *
 * <p>Among several such spans, the deepest wins, then the one that ended first (the first
 * failure), then the smaller span id. Depth counts from the tops of the trace: a true root is at
 * depth 0 and an orphan at depth 1, since its missing parent was at least one level above it.
 * Spans whose parent chain loops back on itself have no depth and are not considered.
 */
public final class ErrorOrigin {
    private static final Comparator<SpanView> FIRST_FAILURE = Comparator.comparingLong(TraceTree::endOf)
            .thenComparing(SpanView::spanId);

    private ErrorOrigin() {}

    public static Optional<SpanView> of(TraceView trace) {
        TraceTree tree = TraceTree.of(trace);
        int[] depth = new int[tree.size()];
        int[] queue = new int[tree.size()];
        int tail = 0;
        for (int top : tree.tops()) {
            depth[top] = tree.span(top).isRoot() ? 0 : 1;
            queue[tail++] = top;
        }
        SpanView origin = null;
        int originDepth = -1;
        // Breadth first, iteratively: a 10,000-deep chain must not need a 10,000-deep stack.
        for (int head = 0; head < tail; head++) {
            int position = queue[head];
            boolean childErrored = false;
            for (int child : tree.children(position)) {
                depth[child] = depth[position] + 1;
                queue[tail++] = child;
                childErrored |= tree.span(child).isError();
            }
            SpanView span = tree.span(position);
            if (span.isError() && !childErrored && isBetter(span, depth[position], origin, originDepth)) {
                origin = span;
                originDepth = depth[position];
            }
        }
        return Optional.ofNullable(origin);
    }

    private static boolean isBetter(SpanView candidate, int candidateDepth, SpanView current, int currentDepth) {
        if (current == null || candidateDepth != currentDepth) {
            return candidateDepth > currentDepth;
        }
        return FIRST_FAILURE.compare(candidate, current) < 0;
    }
}
