package io.tracepipe.anomaly.trace;

import static io.tracepipe.anomaly.trace.TraceBuilder.MS;
import static io.tracepipe.anomaly.trace.TraceBuilder.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CriticalPathTest {

    @Test
    void sequentialChildrenLeaveTheGapsToTheParent() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "auth", "check", 10, 40)
                .child("c", "a", "checkout", "POST /checkout", 50, 90)
                .build();

        CriticalPath path = CriticalPath.of(trace);

        assertThat(render(path)).containsExactly("a 0-10", "b 10-40", "a 40-50", "c 50-90", "a 90-100");
        assertThat(path.selfTimeNanos("a")).isEqualTo(30 * MS);
        assertThat(path.selfTimeNanos("b")).isEqualTo(30 * MS);
        assertThat(path.totalNanos()).isEqualTo(100 * MS);
    }

    @Test
    void onlyTheLastFinishingOfParallelChildrenIsOnThePath() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "inventory", "GET /stock", 10, 60)
                .child("c", "a", "pricing", "GET /price", 10, 80)
                .build();

        CriticalPath path = CriticalPath.of(trace);

        assertThat(render(path)).containsExactly("a 0-10", "c 10-80", "a 80-100");
        assertThat(path.selfTimeNanos("b")).isZero();
    }

    @Test
    void aParallelSiblingStillRunningWhenTheLastOneStartedCoversTheTimeBeforeIt() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "inventory", "GET /stock", 5, 60)
                .child("c", "a", "pricing", "GET /price", 10, 80)
                .build();

        assertThat(render(CriticalPath.of(trace))).containsExactly("a 0-5", "b 5-10", "c 10-80", "a 80-100");
    }

    @Test
    void aChildOutlivingItsParentIsClippedToTheParentsEnd() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "checkout", "POST /checkout", 10, 50)
                .child("c", "b", "mailer", "send receipt", 30, 400)
                .build();

        CriticalPath path = CriticalPath.of(trace);

        assertThat(render(path)).containsExactly("a 0-10", "b 10-30", "c 30-50", "a 50-100");
        assertThat(path.totalNanos()).isEqualTo(100 * MS);
    }

    @Test
    void aFireAndForgetChildOfTheRootDoesNotStretchThePathBeyondTheRoot() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "analytics", "track", 60, 300)
                .build();

        assertThat(render(CriticalPath.of(trace))).containsExactly("a 0-60", "b 60-100");
    }

    @Test
    void aChildStartingBeforeItsParentIsClippedToTheParentsStart() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "checkout", "POST /checkout", 20, 80)
                .child("c", "b", "payment", "charge", 10, 50)
                .build();

        assertThat(render(CriticalPath.of(trace))).containsExactly("a 0-20", "c 20-50", "b 50-80", "a 80-100");
    }

    @Test
    void orphansInsideTheRootsTimeAreWalkedAsChildrenOfTheRootAndOrphansOutsideItAreIgnored() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "auth", "check", 10, 30)
                .child("d", "lost", "checkout", "POST /checkout", 40, 95)
                .child("e", "d", "db", "SELECT", 50, 90)
                .child("f", "gone", "batch", "nightly", 200, 300)
                .build();

        CriticalPath path = CriticalPath.of(trace);

        assertThat(path.root()).map(SpanView::spanId).hasValue("a");
        assertThat(render(path)).containsExactly("a 0-10", "b 10-30", "a 30-40", "d 40-50", "e 50-90", "d 90-95", "a 95-100");
        assertThat(path.selfTimeNanos("f")).isZero();
    }

    @Test
    void withoutATrueRootTheOrphanThatStartsFirstIsTheRoot() {
        TraceView trace = trace()
                .child("x", "lost-1", "checkout", "POST /checkout", 10, 50)
                .child("y", "lost-2", "frontend", "GET /", 5, 60)
                .child("z", "lost-3", "frontend", "GET /health", 5, 8)
                .build();

        CriticalPath path = CriticalPath.of(trace);

        // y and z start together; y ends last, so it is the root and the other orphans hang under it.
        assertThat(path.root()).map(SpanView::spanId).hasValue("y");
        assertThat(render(path)).containsExactly("z 5-8", "y 8-10", "x 10-50", "y 50-60");
        assertThat(path.totalNanos()).isEqualTo(55 * MS);
    }

    @Test
    void aTrueRootIsPreferredToAnOrphanThatStartsEarlierAndSuchAnOrphanIsNotItsChild() {
        TraceView trace = trace()
                .child("o", "lost", "worker", "poll", 0, 500)
                .span("a", "frontend", "GET /", 10, 100)
                .build();

        CriticalPath path = CriticalPath.of(trace);

        assertThat(path.root()).map(SpanView::spanId).hasValue("a");
        assertThat(render(path)).containsExactly("a 10-100");
    }

    @Test
    void aSpanIdSeenTwiceKeepsItsFirstSpan() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "auth", "check", 10, 40)
                .child("b", "a", "auth", "check", 10, 90)
                .build();

        assertThat(render(CriticalPath.of(trace))).containsExactly("a 0-10", "b 10-40", "a 40-100");
    }

    @Test
    void identicalTimestampsAndZeroLengthSpansGiveTheSameAnswerWhateverTheSpanOrder() {
        TraceBuilder builder = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("c3", "a", "cache", "GET", 10, 50)
                .child("c1", "a", "cache", "GET", 10, 50)
                .child("c2", "a", "cache", "GET", 10, 50)
                .child("z", "a", "noop", "mark", 95, 95)
                .child("w", "a", "noop", "mark", 50, 50);
        List<SpanView> spans = new ArrayList<>(builder.build().spans());
        Random random = new Random(7);

        for (int round = 0; round < 20; round++) {
            Collections.shuffle(spans, random);
            CriticalPath path = CriticalPath.of(new TraceView(TraceBuilder.TRACE_ID, spans));

            assertThat(render(path)).containsExactly("a 0-10", "c1 10-50", "a 50-100");
        }
    }

    @Test
    void aZeroLengthRootHasAnEmptyPath() {
        CriticalPath path = CriticalPath.of(trace().span("a", "frontend", "GET /", 10, 10).build());

        assertThat(path.root()).isPresent();
        assertThat(path.segments()).isEmpty();
        assertThat(path.totalNanos()).isZero();
    }

    @Test
    void aTraceWithoutSpansHasNoRootAndNoPath() {
        CriticalPath path = CriticalPath.of(trace().build());

        assertThat(path.root()).isEmpty();
        assertThat(path.segments()).isEmpty();
        assertThat(path.totalNanos()).isZero();
    }

    @Test
    void spansWhoseParentsFormALoopAreLeftOut() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("p", "q", "ghost", "one", 10, 90)
                .child("q", "p", "ghost", "two", 10, 90)
                .build();

        assertThat(render(CriticalPath.of(trace))).containsExactly("a 0-100");
    }

    @Test
    void walksA10000DeepChainWithoutRecursion() {
        int depth = 10_000;
        // Each span starts 1 ms after its parent and ends 1 ms before it; the leaf lasts 1 ms.
        TraceBuilder builder = trace().span("s0", "svc", "op", 0, 2L * depth - 1);
        for (int i = 1; i < depth; i++) {
            builder.child("s" + i, "s" + (i - 1), "svc", "op", i, 2L * depth - 1 - i);
        }
        TraceView trace = builder.build();

        CriticalPath path = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> CriticalPath.of(trace));

        assertThat(path.segments()).hasSize(2 * depth - 1);
        assertThat(path.segments()).extracting(PathSegment::selfTimeNanos).containsOnly(MS);
        assertThat(path.segments().get(depth - 1).span().spanId()).isEqualTo("s" + (depth - 1));
    }

    @Test
    void walks10000OverlappingSiblingsInOnePass() {
        int width = 10_000;
        TraceBuilder builder = trace().span("root", "svc", "op", 0, 2L * width);
        for (int i = 0; i < width; i++) {
            builder.child("c" + i, "root", "svc", "op", i, i + width);
        }
        TraceView trace = builder.build();

        CriticalPath path = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> CriticalPath.of(trace));

        assertThat(render(path)).containsExactly("c0 0-9999", "c9999 9999-19999", "root 19999-20000");
    }

    static List<String> render(CriticalPath path) {
        return path.segments().stream()
                .map(s -> s.span().spanId() + " " + s.startNanos() / MS + "-" + s.endNanos() / MS)
                .toList();
    }
}
