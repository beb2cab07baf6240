package io.tracepipe.anomaly.trace;

import static io.tracepipe.anomaly.trace.TraceBuilder.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import org.junit.jupiter.api.Test;

/** The origin of a whole trace's failure, as the incident page shows it; per-span origins are in TraceEvidenceTest. */
class ErrorOriginTest {

    @Test
    void aFailedRootIsExplainedByTheEndOfItsFailureChain() {
        TraceView trace = trace()
                .span("a", "gateway", "POST /orders", 0, 100).failed()
                .child("auth", "a", "auth-service", "verify_token", 2, 6).failed()
                .child("orders", "a", "orders", "create", 10, 90)
                .child("db", "orders", "inventory", "SELECT inventory", 20, 40).failed()
                .build();

        assertThat(ErrorOrigin.of(trace)).map(SpanView::spanId).hasValue("auth");
    }

    @Test
    void withoutAFailedRootTheHighestFailureIsFollowed() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "inventory", "reserve", 5, 10).failed()
                .child("c", "a", "checkout", "POST /checkout", 10, 90).failed()
                .child("d", "c", "payment", "charge", 20, 80).failed()
                .build();

        assertThat(ErrorOrigin.of(trace)).as("b and c are as high; b ended first").map(SpanView::spanId).hasValue("b");
    }

    @Test
    void aTraceWithoutFailuresHasNoOrigin() {
        assertThat(ErrorOrigin.of(trace().span("a", "frontend", "GET /", 0, 100).build())).isEmpty();
        assertThat(ErrorOrigin.of(trace().build())).isEmpty();
    }
}
