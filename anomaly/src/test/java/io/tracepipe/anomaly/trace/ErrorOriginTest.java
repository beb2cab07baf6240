package io.tracepipe.anomaly.trace;

import static io.tracepipe.anomaly.trace.TraceBuilder.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import org.junit.jupiter.api.Test;

class ErrorOriginTest {

    @Test
    void theDeepestFailedLeafIsTheOriginOfAnErrorThatPropagatedUp() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100).failed()
                .child("b", "a", "checkout", "POST /checkout", 10, 90).failed()
                .child("c", "b", "payment", "charge", 20, 80).failed()
                .child("d", "c", "bank", "authorize", 30, 70).failed()
                .build();

        assertThat(ErrorOrigin.of(trace)).map(SpanView::spanId).hasValue("d");
    }

    @Test
    void aFailedChildWinsOverItsFailedParent() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "checkout", "POST /checkout", 10, 90).failed()
                .child("c", "b", "payment", "charge", 20, 80).failed()
                .child("d", "b", "inventory", "reserve", 15, 20)
                .build();

        assertThat(ErrorOrigin.of(trace)).map(SpanView::spanId).hasValue("c");
    }

    @Test
    void ofTwoFailedSiblingsTheOneThatEndedFirstIsTheOrigin() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100).failed()
                .child("b", "a", "payment", "charge", 10, 60).failed()
                .child("c", "a", "inventory", "reserve", 10, 40).failed()
                .build();

        assertThat(ErrorOrigin.of(trace)).map(SpanView::spanId).hasValue("c");
    }

    @Test
    void aDeeperFailureWinsOverOneThatEndedEarlier() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "inventory", "reserve", 5, 10).failed()
                .child("c", "a", "checkout", "POST /checkout", 10, 90)
                .child("d", "c", "payment", "charge", 20, 80).failed()
                .build();

        assertThat(ErrorOrigin.of(trace)).map(SpanView::spanId).hasValue("d");
    }

    @Test
    void failuresEndingTogetherAreSettledBySpanId() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("y", "a", "payment", "charge", 10, 60).failed()
                .child("x", "a", "inventory", "reserve", 20, 60).failed()
                .build();

        assertThat(ErrorOrigin.of(trace)).map(SpanView::spanId).hasValue("x");
    }

    @Test
    void anOrphanCountsOneLevelBelowItsMissingParent() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100).failed()
                .child("o", "lost", "payment", "charge", 20, 80).failed()
                .build();

        assertThat(ErrorOrigin.of(trace)).map(SpanView::spanId).hasValue("o");
    }

    @Test
    void aTraceWithoutFailuresHasNoOrigin() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "checkout", "POST /checkout", 10, 90)
                .build();

        assertThat(ErrorOrigin.of(trace)).isEmpty();
        assertThat(ErrorOrigin.of(trace().build())).isEmpty();
    }

    @Test
    void findsTheFailedLeafOfA10000DeepChain() {
        int depth = 10_000;
        TraceBuilder builder = trace().span("s0", "svc", "op", 0, 2L * depth).failed();
        for (int i = 1; i < depth; i++) {
            builder.child("s" + i, "s" + (i - 1), "svc", "op", i, 2L * depth - i).failed();
        }

        assertThat(ErrorOrigin.of(builder.build())).map(SpanView::spanId).hasValue("s" + (depth - 1));
    }
}
