package io.tracepipe.anomaly.trace;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Finds, for every failed span of a trace, the span where its failure started: follow the failed
 * children down until a failed span none of whose children failed. An error that propagated up is
 * a symptom; the lowest failure on its chain is the cause. A failure the span survived (a failed
 * child under a child that did not fail, e.g. a retried call) is not on the chain.
 *
 * <p>Of several failed children, the one whose origin lies deepest wins, then the one whose origin
 * ended first (the first failure), then the smaller span id. Depth counts from the tops of the
 * trace: a true root is at depth 0 and an orphan at depth 1, since its missing parent was at least
 * one level above it. The chosen root also follows the orphans that start within its time, as
 * the critical path does. Spans whose parent chain loops back on itself are their own origin.
 */
public final class ErrorOrigin {
    private static final Comparator<SpanView> FIRST_FAILURE = Comparator.comparingLong(TraceTree::endOf)
            .thenComparing(SpanView::spanId);

    private ErrorOrigin() {}

    /**
     * Where the trace's failure started: the origin of the chosen root when it failed; otherwise of
     * its highest failed span (fewest levels down, then the first to end), e.g. a failure a caller
     * survived. Empty when nothing failed. The same analysis as alert culprits ({@link TraceEvidence}).
     */
    public static Optional<SpanView> of(TraceView trace) {
        TraceTree tree = TraceTree.of(trace);
        Levels levels = Levels.of(tree);
        int[] origins = originsOf(tree, levels);
        int root = tree.root();
        int failed = root >= 0 && tree.span(root).isError() ? root : -1;
        for (int i = 0; failed != root && i < levels.count; i++) {
            int position = levels.order[i];
            if (tree.span(position).isError() && (failed < 0 || isHigher(tree, position, failed, levels.depth))) {
                failed = position;
            }
        }
        return failed < 0 ? Optional.empty() : Optional.of(tree.span(origins[failed]));
    }

    private static boolean isHigher(TraceTree tree, int candidate, int current, int[] depth) {
        if (depth[candidate] != depth[current]) {
            return depth[candidate] < depth[current];
        }
        return FIRST_FAILURE.compare(tree.span(candidate), tree.span(current)) < 0;
    }

    /** The spans reachable from the tops, breadth first, with their depth (-1 for spans in a loop). */
    private record Levels(int[] order, int count, int[] depth) {
        static Levels of(TraceTree tree) {
            int n = tree.size();
            int[] depth = new int[n];
            int[] order = new int[n];
            Arrays.fill(depth, -1);
            int tail = 0;
            for (int top : tree.tops()) {
                depth[top] = tree.span(top).isRoot() ? 0 : 1;
                order[tail++] = top;
            }
            // Breadth first, iteratively: a 10,000-deep chain must not need a 10,000-deep stack.
            for (int head = 0; head < tail; head++) {
                for (int child : tree.children(order[head])) {
                    depth[child] = depth[order[head]] + 1;
                    order[tail++] = child;
                }
            }
            return new Levels(order, tail, depth);
        }
    }

    /** The origin's position for every position (meaningful for failed spans); one pass, no recursion. */
    static int[] originsOf(TraceTree tree) {
        return originsOf(tree, Levels.of(tree));
    }

    private static int[] originsOf(TraceTree tree, Levels levels) {
        int[] origin = new int[tree.size()];
        for (int i = 0; i < origin.length; i++) {
            origin[i] = i;
        }
        int[] order = levels.order;
        int[] depth = levels.depth;
        // Children before parents; the chosen root last, since it also follows the orphan tops.
        int root = tree.root();
        for (int i = levels.count - 1; i >= 0; i--) {
            if (order[i] != root) {
                origin[order[i]] = originOf(tree, order[i], tree.children(order[i]), origin, depth);
            }
        }
        if (root >= 0) {
            SpanView r = tree.span(root);
            int[] children = CriticalPath.childrenOfRoot(tree, root, r.startNanos(), TraceTree.endOf(r));
            origin[root] = originOf(tree, root, children, origin, depth);
        }
        return origin;
    }

    private static int originOf(TraceTree tree, int position, int[] children, int[] origin, int[] depth) {
        int best = -1;
        for (int child : children) {
            if (tree.span(child).isError() && (best < 0 || isBetter(tree, origin[child], best, depth))) {
                best = origin[child];
            }
        }
        return best < 0 ? position : best;
    }

    private static boolean isBetter(TraceTree tree, int candidate, int current, int[] depth) {
        if (depth[candidate] != depth[current]) {
            return depth[candidate] > depth[current];
        }
        return FIRST_FAILURE.compare(tree.span(candidate), tree.span(current)) < 0;
    }
}
