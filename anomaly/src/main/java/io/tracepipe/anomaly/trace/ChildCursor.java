package io.tracepipe.anomaly.trace;

import io.tracepipe.anomaly.model.SpanView;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The children of one span on the critical path, clipped to the span's window, answering
 * "which child was the span waiting on just before this cursor?" as the cursor moves back.
 *
 * <p>The answer is the child that starts before the cursor and whose end, capped at the cursor,
 * is the latest; ties go to the earlier start, then the later end, then the smaller span id.
 * The children are sorted once by clipped end, and because the cursor only moves back, one
 * pointer over them plus the earliest-starting child that ends at or after the cursor answers
 * every question: O(k log k) for k children, however many times the span is resumed.
 */
final class ChildCursor {
    /** A child clipped to its parent's window, as the walk sees it. */
    record Clipped(SpanView span, int position, long start, long end) {}

    private static final Comparator<Clipped> LATEST_END_FIRST = Comparator.comparingLong(Clipped::end).reversed()
            .thenComparingLong(Clipped::start)
            .thenComparing(c -> c.span().spanId());
    private static final Comparator<Clipped> EARLIEST_START_FIRST = Comparator.comparingLong(Clipped::start)
            .thenComparing(Comparator.comparingLong(Clipped::end).reversed())
            .thenComparing(c -> c.span().spanId());

    private final Clipped[] byEnd;
    private int next;
    /** The earliest-starting child among those ending at or after the cursor (all of byEnd[0, next)). */
    private Clipped earliestReaching;

    private ChildCursor(Clipped[] byEnd) {
        this.byEnd = byEnd;
    }

    /**
     * Clips {@code positions} to {@code [windowStart, windowEnd]}: a child that outlives its parent
     * is cut at the parent's end and one that starts early is cut at the parent's start, so that a
     * fire-and-forget child or a skewed clock never stretches the parent. Children wholly outside
     * the window add nothing to the parent's time and are left out.
     */
    static ChildCursor over(TraceTree tree, int[] positions, long windowStart, long windowEnd) {
        Clipped[] clipped = new Clipped[positions.length];
        int count = 0;
        for (int position : positions) {
            SpanView child = tree.span(position);
            long start = child.startNanos();
            long end = TraceTree.endOf(child);
            if (end >= windowStart && start <= windowEnd) {
                clipped[count++] = new Clipped(child, position, Math.max(start, windowStart), Math.min(end, windowEnd));
            }
        }
        Clipped[] byEnd = Arrays.copyOf(clipped, count);
        Arrays.sort(byEnd, LATEST_END_FIRST);
        return new ChildCursor(byEnd);
    }

    /** The child waited on just before {@code cursor}, or null when the span was working on its own. */
    Clipped before(long cursor) {
        while (next < byEnd.length && byEnd[next].end() >= cursor) {
            Clipped reaching = byEnd[next++];
            if (earliestReaching == null || EARLIEST_START_FIRST.compare(reaching, earliestReaching) < 0) {
                earliestReaching = reaching;
            }
        }
        // A child still running at the cursor beats any that finished before it.
        if (earliestReaching != null && earliestReaching.start() < cursor) {
            return earliestReaching;
        }
        // Otherwise the latest-ending of the rest; it ends before the cursor, so it also starts before it.
        return next < byEnd.length ? byEnd[next] : null;
    }
}
