package io.tracepipe.anomaly.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanStatus;
import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the critical path on a few hundred random traces from a seeded generator: the path
 * tiles the root exactly, and it matches a literal, quadratic transcription of the backward walk.
 * Times are small integers so that ties, zero-length spans and identical timestamps are common.
 */
class CriticalPathPropertiesTest {
    private static final int TRACES = 400;

    @Test
    void selfTimesSumToTheRootDurationAndSegmentsTileTheRootInTimeOrder() {
        Random random = new Random(20240611L);
        for (int t = 0; t < TRACES; t++) {
            TraceView trace = randomTrace(random, false);
            CriticalPath path = CriticalPath.of(trace);
            SpanView root = path.root().orElseThrow();

            assertThat(path.segments().stream().mapToLong(PathSegment::selfTimeNanos).sum())
                    .as("trace %d", t).isEqualTo(root.durationNanos()).isEqualTo(path.totalNanos());
            assertTiles(trace, path, root);
        }
    }

    @Test
    void theInvariantsHoldWithOrphansDuplicateIdsAndSkewedClocks() {
        Random random = new Random(977L);
        for (int t = 0; t < TRACES; t++) {
            TraceView trace = randomTrace(random, true);
            CriticalPath path = CriticalPath.of(trace);
            SpanView root = path.root().orElseThrow();

            assertThat(path.segments().stream().mapToLong(PathSegment::selfTimeNanos).sum())
                    .as("trace %d", t).isEqualTo(root.durationNanos());
            assertTiles(trace, path, root);
        }
    }

    @Test
    void matchesALiteralQuadraticWalk() {
        Random random = new Random(31337L);
        for (int t = 0; t < TRACES; t++) {
            TraceView trace = randomTrace(random, false);

            assertThat(CriticalPath.of(trace).segments()).as("trace %d", t).isEqualTo(ReferenceWalk.of(trace));
        }
    }

    @Test
    void doesNotDependOnTheOrderSpansArrivedIn() {
        Random random = new Random(4242L);
        for (int t = 0; t < TRACES; t++) {
            TraceView trace = randomTrace(random, false);
            List<SpanView> shuffled = new ArrayList<>(trace.spans());
            Collections.shuffle(shuffled, random);

            assertThat(CriticalPath.of(new TraceView(trace.traceId(), shuffled)).segments())
                    .as("trace %d", t).isEqualTo(CriticalPath.of(trace).segments());
        }
    }

    private static void assertTiles(TraceView trace, CriticalPath path, SpanView root) {
        Set<SpanView> inTrace = Collections.newSetFromMap(new IdentityHashMap<>());
        inTrace.addAll(trace.spans());
        long cursor = root.startNanos();
        PathSegment previous = null;
        for (PathSegment segment : path.segments()) {
            assertThat(inTrace).contains(segment.span());
            assertThat(segment.startNanos()).isEqualTo(cursor);
            assertThat(segment.selfTimeNanos()).isPositive();
            assertThat(segment.startNanos()).isGreaterThanOrEqualTo(segment.span().startNanos());
            assertThat(segment.endNanos()).isLessThanOrEqualTo(segment.span().endNanos());
            if (previous != null) {
                assertThat(segment.span()).isNotSameAs(previous.span());
            }
            cursor = segment.endNanos();
            previous = segment;
        }
        assertThat(cursor).isEqualTo(Math.max(root.startNanos(), root.endNanos()));
    }

    /**
     * A random trace of 1 to 80 spans. Well-formed ones have one root and every parent present,
     * with children that now and then outlive their parent, start before it or last no time.
     * Messy ones add orphans, repeated span ids and spans that end before they start.
     */
    private static TraceView randomTrace(Random random, boolean messy) {
        int size = 1 + random.nextInt(80);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ids.add(i);
        }
        Collections.shuffle(ids, random); // so that span-id tie-breaks do not follow creation order
        List<SpanView> spans = new ArrayList<>();
        long rootStart = random.nextInt(20);
        spans.add(span("s" + ids.get(0), "", rootStart, rootStart + random.nextInt(60)));
        for (int i = 1; i < size; i++) {
            String id = "s" + ids.get(i);
            if (messy && random.nextInt(10) == 0) {
                long start = random.nextInt(100);
                spans.add(span(id, "missing" + random.nextInt(3), start, start + random.nextInt(40) - 5));
                continue;
            }
            if (messy && random.nextInt(20) == 0) {
                id = spans.get(random.nextInt(spans.size())).spanId();
            }
            SpanView parent = spans.get(random.nextInt(spans.size()));
            long parentDuration = Math.max(0, parent.endNanos() - parent.startNanos());
            long start = parent.startNanos() + (parentDuration == 0 ? 0 : random.nextLong(parentDuration + 1));
            long room = Math.max(0, parent.endNanos() - start);
            long end = start + (random.nextInt(8) == 0 ? 0 : random.nextLong(room + 1));
            int quirk = random.nextInt(12);
            if (quirk == 0) {
                end += 1 + random.nextInt(30); // outlives its parent
            } else if (quirk == 1) {
                start -= 1 + random.nextInt(10); // starts before its parent
            }
            spans.add(span(id, parent.spanId(), start, Math.max(start, end)));
        }
        return new TraceView(TraceBuilder.TRACE_ID, spans);
    }

    private static SpanView span(String id, String parentId, long start, long end) {
        return new SpanView(TraceBuilder.TRACE_ID, id, parentId, "svc-" + id.length(), "op", SpanKind.INTERNAL,
                SpanStatus.OK, start, end, Map.of());
    }

    /** The backward walk exactly as described, rescanning every child at every step, for well-formed traces. */
    private static final class ReferenceWalk {
        private record Pick(SpanView span, long start, long end, long effectiveEnd) {}

        private static final Comparator<Pick> BEST_FIRST = Comparator.comparingLong(Pick::effectiveEnd).reversed()
                .thenComparingLong(Pick::start)
                .thenComparing(Comparator.comparingLong(Pick::end).reversed())
                .thenComparing(p -> p.span().spanId());

        private final Map<String, List<SpanView>> children = new HashMap<>();
        private final List<PathSegment> backwards = new ArrayList<>();

        static List<PathSegment> of(TraceView trace) {
            ReferenceWalk walk = new ReferenceWalk();
            SpanView root = null;
            for (SpanView span : trace.spans()) {
                if (span.isRoot()) {
                    root = span;
                } else {
                    walk.children.computeIfAbsent(span.parentSpanId(), k -> new ArrayList<>()).add(span);
                }
            }
            walk.visit(root, root.startNanos(), root.endNanos(), root.endNanos());
            Collections.reverse(walk.backwards);
            return walk.backwards;
        }

        private void visit(SpanView span, long windowStart, long windowEnd, long cursor) {
            while (true) {
                Pick best = null;
                for (SpanView child : children.getOrDefault(span.spanId(), List.of())) {
                    if (child.endNanos() < windowStart || child.startNanos() > windowEnd) {
                        continue;
                    }
                    long start = Math.max(child.startNanos(), windowStart);
                    long end = Math.min(child.endNanos(), windowEnd);
                    if (start < cursor) {
                        Pick pick = new Pick(child, start, end, Math.min(end, cursor));
                        if (best == null || BEST_FIRST.compare(pick, best) < 0) {
                            best = pick;
                        }
                    }
                }
                if (best == null) {
                    add(span, windowStart, cursor);
                    return;
                }
                add(span, best.effectiveEnd(), cursor);
                visit(best.span(), best.start(), best.end(), best.effectiveEnd());
                cursor = best.start();
            }
        }

        private void add(SpanView span, long start, long end) {
            if (start >= end) {
                return;
            }
            int last = backwards.size() - 1;
            if (last >= 0 && backwards.get(last).span() == span) {
                backwards.set(last, new PathSegment(span, start, backwards.get(last).endNanos()));
            } else {
                backwards.add(new PathSegment(span, start, end));
            }
        }
    }
}
