package io.tracepipe.anomaly.trace;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The chain of spans that set a trace's end-to-end time, as time-ordered segments of self time
 * that tile the root's span exactly.
 *
 * <p>Computed with the backward walk Jaeger uses: a cursor starts at the root's end; the span
 * under the cursor hands the cursor to the child it was waiting on (the child starting before
 * the cursor that ends last, capped at the cursor), the gap between that child's end and the
 * cursor is the span's own time, the walk descends into the child, then resumes in the span
 * before the child's start; what is left down to the span's start is its own time again.
 * Parallel children that did not end last add nothing. Children are clipped to their parent
 * (see {@link ChildCursor}), so the segments' self times always sum to the root's duration.
 *
 * <p>Orphans (spans whose parent is not in the trace) and any further true roots that start
 * within the chosen root's time (see {@link TraceTree} for the choice) are walked as children of
 * the chosen root: their lost parent most likely sat under it, so they are clipped to the root's
 * end like any child. Orphan subtrees that start before the root or after its end cannot be its
 * descendants' work and are ignored. Zero-length segments are left out, so a zero-length root has an
 * empty path. The walk is iterative (a 10,000-deep chain needs no deep stack) and costs
 * O(n log n) for n spans.
 */
public final class CriticalPath {
    private final SpanView root;
    private final List<PathSegment> segments;

    private CriticalPath(SpanView root, List<PathSegment> segments) {
        this.root = root;
        this.segments = segments;
    }

    public static CriticalPath of(TraceView trace) {
        TraceTree tree = TraceTree.of(trace);
        if (tree.root() < 0) {
            return new CriticalPath(null, List.of());
        }
        return new CriticalPath(tree.span(tree.root()), walk(tree, tree.root()));
    }

    /** The span the path starts from, empty for a trace with no spans. */
    public Optional<SpanView> root() {
        return Optional.ofNullable(root);
    }

    /** The segments in time order, each starting where the previous one ends. */
    public List<PathSegment> segments() {
        return segments;
    }

    /** The time the path accounts for: the root's duration, and the sum of all self times. */
    public long totalNanos() {
        return root == null ? 0 : root.durationNanos();
    }

    /** The summed self time on the path of the span with this id (0 when it is not on the path). */
    public long selfTimeNanos(String spanId) {
        long total = 0;
        for (PathSegment segment : segments) {
            if (segment.span().spanId().equals(spanId)) {
                total += segment.selfTimeNanos();
            }
        }
        return total;
    }

    @Override
    public String toString() {
        return "CriticalPath" + segments;
    }

    /** One span being walked: its clipped window, the cursor inside it and its children. */
    private static final class Frame {
        final SpanView span;
        final long windowStart;
        final ChildCursor children;
        long cursor;

        Frame(SpanView span, long windowStart, long cursor, ChildCursor children) {
            this.span = span;
            this.windowStart = windowStart;
            this.cursor = cursor;
            this.children = children;
        }
    }

    /**
     * The segments of the path below the span at {@code position}, walked as if it were the root:
     * they tile that span exactly. The chosen root also walks the orphans that start within it.
     */
    static List<PathSegment> walk(TraceTree tree, int position) {
        SpanView top = tree.span(position);
        long topStart = top.startNanos();
        long topEnd = TraceTree.endOf(top);
        int[] children = position == tree.root() ? childrenOfRoot(tree, position, topStart, topEnd) : tree.children(position);

        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(top, topStart, topEnd, ChildCursor.over(tree, children, topStart, topEnd)));
        List<PathSegment> backwards = new ArrayList<>();
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            ChildCursor.Clipped child = frame.children.before(frame.cursor);
            if (child == null) {
                prepend(backwards, frame.span, frame.windowStart, frame.cursor);
                stack.pop();
                continue;
            }
            long childCursor = Math.min(child.end(), frame.cursor);
            prepend(backwards, frame.span, childCursor, frame.cursor);
            frame.cursor = child.start();
            stack.push(new Frame(child.span(), child.start(), childCursor,
                    ChildCursor.over(tree, tree.children(child.position()), child.start(), child.end())));
        }
        Collections.reverse(backwards);
        return List.copyOf(backwards);
    }

    /** The root's own children, then the other tops that start within the root's time. */
    static int[] childrenOfRoot(TraceTree tree, int rootPosition, long rootStart, long rootEnd) {
        int[] children = tree.children(rootPosition);
        int[] tops = tree.tops();
        int[] all = Arrays.copyOf(children, children.length + tops.length);
        int filled = children.length;
        for (int top : tops) {
            long start = tree.span(top).startNanos();
            if (top != rootPosition && start >= rootStart && start <= rootEnd) {
                all[filled++] = top;
            }
        }
        return Arrays.copyOf(all, filled);
    }

    /**
     * Adds {@code [start, end)} in front of the path built so far (which grows backwards),
     * merging it into the previous segment of the same span when a zero-length child split them.
     */
    private static void prepend(List<PathSegment> backwards, SpanView span, long start, long end) {
        if (start >= end) {
            return;
        }
        int last = backwards.size() - 1;
        if (last >= 0 && backwards.get(last).span() == span && backwards.get(last).startNanos() == end) {
            backwards.set(last, new PathSegment(span, start, backwards.get(last).endNanos()));
        } else {
            backwards.add(new PathSegment(span, start, end));
        }
    }
}
