package io.tracepipe.anomaly.trace;

import static io.tracepipe.anomaly.trace.TraceBuilder.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.eval.Culprit;
import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.TraceView;
import org.junit.jupiter.api.Test;

class TraceSuspectsTest {

    @Test
    void theSlowLeafOfFourNestedCallsIsTheLatencySuspect() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 1000)
                .child("b", "a", "checkout", "POST /checkout", 10, 990)
                .child("c", "b", "payment", "charge", 20, 980)
                .child("d", "c", "postgres", "SELECT accounts", 30, 930)
                .build();

        assertThat(TraceSuspects.forLatency(trace)).isEqualTo(new Culprit("postgres", "SELECT accounts", 0.9));
    }

    @Test
    void selfTimesOfTheSameOperationAddUp() {
        TraceBuilder builder = trace()
                .span("a", "frontend", "GET /", 0, 1000)
                .child("db", "a", "postgres", "SELECT orders", 0, 400);
        for (int i = 0; i < 4; i++) {
            long start = 400 + 120L * i;
            builder.child("cache" + i, "a", "redis", "GET", start, start + 120);
        }

        assertThat(TraceSuspects.forLatency(builder.build())).isEqualTo(new Culprit("redis", "GET", 0.48));
    }

    @Test
    void aParallelCallOffThePathAddsNothing() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 1000)
                .child("slow", "a", "recommendations", "GET /recs", 100, 700)
                .child("last", "a", "checkout", "POST /checkout", 100, 900)
                .build();

        assertThat(TraceSuspects.forLatency(trace)).isEqualTo(new Culprit("checkout", "POST /checkout", 0.8));
    }

    @Test
    void aClientSpanKeepsTheTimeItWaitedWithoutAServerSpanToShowForIt() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 1000)
                .child("call", "a", "checkout", "POST /pay", 100, 900).kind(SpanKind.CLIENT)
                .child("serve", "call", "payment", "POST /pay", 150, 400).kind(SpanKind.SERVER)
                .build();

        assertThat(TraceSuspects.forLatency(trace)).isEqualTo(new Culprit("checkout", "POST /pay", 0.55));
    }

    @Test
    void aServerSpanUnderAClientSpanTakesItsShare() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 1000)
                .child("call", "a", "checkout", "POST /pay", 100, 900).kind(SpanKind.CLIENT)
                .child("serve", "call", "payment", "POST /pay", 110, 890).kind(SpanKind.SERVER)
                .build();

        assertThat(TraceSuspects.forLatency(trace)).isEqualTo(new Culprit("payment", "POST /pay", 0.78));
    }

    @Test
    void aTraceWithoutTimeHasNoLatencySuspect() {
        assertThat(TraceSuspects.forLatency(trace().build())).isNull();
        assertThat(TraceSuspects.forLatency(trace().span("a", "frontend", "GET /", 5, 5).build())).isNull();
    }

    @Test
    void theErrorSuspectIsTheErrorOriginWithTheWholeShare() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100).failed()
                .child("b", "a", "checkout", "POST /checkout", 10, 90).failed()
                .child("c", "b", "payment", "charge", 20, 80).failed()
                .build();

        assertThat(TraceSuspects.forErrors(trace)).isEqualTo(new Culprit("payment", "charge", 1.0));
    }

    @Test
    void aTraceWithoutErrorsHasNoErrorSuspect() {
        TraceView trace = trace().span("a", "frontend", "GET /", 0, 100).build();

        assertThat(TraceSuspects.forErrors(trace)).isNull();
    }
}
