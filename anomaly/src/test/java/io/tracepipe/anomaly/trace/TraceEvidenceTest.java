package io.tracepipe.anomaly.trace;

import static io.tracepipe.anomaly.trace.TraceBuilder.MS;
import static io.tracepipe.anomaly.trace.TraceBuilder.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.eval.Culprit;
import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import io.tracepipe.anomaly.stats.SpanCauses;
import io.tracepipe.anomaly.stats.SpanCauses.Cause;
import org.junit.jupiter.api.Test;

class TraceEvidenceTest {

    private static SpanView spanOf(TraceView trace, String id) {
        return trace.spans().stream().filter(s -> s.spanId().equals(id)).findFirst().orElseThrow();
    }

    private static String originOf(TraceView trace, String spanId) {
        SpanCauses causes = new TraceEvidence(trace).errorCauses(spanOf(trace, spanId));
        return causes.causes().isEmpty() ? null : causes.causes().get(0).service();
    }

    private static Culprit latencySuspect(TraceView trace, String spanId) {
        return new TraceEvidence(trace).latencyCauses(spanOf(trace, spanId)).top();
    }

    // ---- error origins ----

    @Test
    void theDeepestFailureOfAChainIsTheOriginOfEverySpanOnIt() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100).failed()
                .child("b", "a", "checkout", "POST /checkout", 10, 90).failed()
                .child("c", "b", "payment", "charge", 20, 80).failed()
                .child("d", "c", "bank", "authorize", 30, 70).failed()
                .build();

        assertThat(originOf(trace, "a")).isEqualTo("bank");
        assertThat(originOf(trace, "c")).isEqualTo("bank");
        assertThat(originOf(trace, "d")).isEqualTo("bank");
        assertThat(new TraceEvidence(trace).errorCauses(spanOf(trace, "a")))
                .isEqualTo(new SpanCauses(java.util.List.of(new Cause("bank", "authorize", 1)), 1));
    }

    @Test
    void aFailedSpanWithoutFailedChildrenIsItsOwnOrigin() {
        TraceView trace = trace()
                .span("a", "gateway", "POST /orders", 0, 100).failed()
                .child("b", "a", "orders", "create", 10, 90)
                .child("c", "a", "auth-service", "verify_token", 5, 8)
                .build();

        assertThat(originOf(trace, "a")).isEqualTo("gateway");
    }

    @Test
    void aFailureTheSpanSurvivedIsNotItsOrigin() {
        // the gateway failed because auth failed; the inventory query failed too, deeper, but orders retried and succeeded
        TraceView trace = trace()
                .span("a", "gateway", "POST /orders", 0, 100).failed()
                .child("auth", "a", "auth-service", "verify_token", 2, 6).failed()
                .child("orders", "a", "orders", "create", 10, 90)
                .child("db", "orders", "inventory", "SELECT inventory", 20, 40).failed()
                .build();

        assertThat(originOf(trace, "a")).isEqualTo("auth-service");
    }

    @Test
    void ofTwoFailedChildrenTheDeeperOriginWinsThenTheFirstToEnd() {
        TraceView deeper = trace()
                .span("a", "frontend", "GET /", 0, 100).failed()
                .child("b", "a", "inventory", "reserve", 5, 10).failed()
                .child("c", "a", "checkout", "POST /checkout", 10, 90).failed()
                .child("d", "c", "payment", "charge", 20, 80).failed()
                .build();
        TraceView sameDepth = trace()
                .span("a", "frontend", "GET /", 0, 100).failed()
                .child("b", "a", "payment", "charge", 10, 60).failed()
                .child("c", "a", "inventory", "reserve", 10, 40).failed()
                .build();
        TraceView tied = trace()
                .span("a", "frontend", "GET /", 0, 100).failed()
                .child("y", "a", "payment", "charge", 10, 60).failed()
                .child("x", "a", "inventory", "reserve", 20, 60).failed()
                .build();

        assertThat(originOf(deeper, "a")).isEqualTo("payment");
        assertThat(originOf(sameDepth, "a")).isEqualTo("inventory");
        assertThat(originOf(tied, "a")).as("ends tie: the smaller span id").isEqualTo("inventory");
    }

    @Test
    void theRootFollowsAFailedOrphanThatStartedWithinIt() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100).failed()
                .child("o", "lost", "payment", "charge", 20, 80).failed()
                .build();

        assertThat(originOf(trace, "a")).isEqualTo("payment");
    }

    @Test
    void aSpanThatDidNotFailHasNoOrigin() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 100)
                .child("b", "a", "checkout", "POST /checkout", 10, 90).failed()
                .build();

        assertThat(new TraceEvidence(trace).errorCauses(spanOf(trace, "a"))).isEqualTo(SpanCauses.NONE);
        assertThat(originOf(trace, "b")).isEqualTo("checkout");
    }

    @Test
    void followsA10000DeepChainWithoutRecursion() {
        int depth = 10_000;
        TraceBuilder builder = trace().span("s0", "svc-0", "op", 0, 2L * depth).failed();
        for (int i = 1; i < depth; i++) {
            builder.child("s" + i, "s" + (i - 1), "svc-" + i, "op", i, 2L * depth - i).failed();
        }
        TraceView trace = builder.build();

        assertThat(originOf(trace, "s0")).isEqualTo("svc-" + (depth - 1));
        SpanCauses path = new TraceEvidence(trace).latencyCauses(spanOf(trace, "s0"));
        assertThat(path.causes()).hasSize(depth);
        assertThat(path.total()).isEqualTo(2L * depth * MS);
    }

    // ---- latency ----

    @Test
    void theSlowLeafOfFourNestedCallsIsTheLatencySuspect() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 1000)
                .child("b", "a", "checkout", "POST /checkout", 10, 990)
                .child("c", "b", "payment", "charge", 20, 980)
                .child("d", "c", "postgres", "SELECT accounts", 30, 930)
                .build();

        assertThat(latencySuspect(trace, "a")).isEqualTo(new Culprit("postgres", "SELECT accounts", 0.9));
        SpanCauses causes = new TraceEvidence(trace).latencyCauses(spanOf(trace, "a"));
        assertThat(causes.total()).isEqualTo(1000 * MS);
        assertThat(causes.causes()).extracting(Cause::weight).containsExactly(900 * MS, 60 * MS, 20 * MS, 20 * MS);
    }

    @Test
    void aSpanBelowTheRootIsExplainedByItsOwnSubtree() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 1000)
                .child("b", "a", "checkout", "POST /checkout", 100, 300)
                .child("c", "b", "inventory", "reserve", 110, 290)
                .child("d", "a", "render", "template", 300, 1000)
                .build();

        assertThat(latencySuspect(trace, "a")).isEqualTo(new Culprit("render", "template", 0.7));
        assertThat(latencySuspect(trace, "b")).isEqualTo(new Culprit("inventory", "reserve", 0.9));
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

        assertThat(latencySuspect(builder.build(), "a")).isEqualTo(new Culprit("redis", "GET", 0.48));
    }

    @Test
    void aParallelCallOffThePathAddsNothing() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 1000)
                .child("slow", "a", "recommendations", "GET /recs", 100, 700)
                .child("last", "a", "checkout", "POST /checkout", 100, 900)
                .build();

        assertThat(latencySuspect(trace, "a")).isEqualTo(new Culprit("checkout", "POST /checkout", 0.8));
    }

    @Test
    void aClientSpanKeepsTheTimeItWaitedWithoutAServerSpanToShowForIt() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 1000)
                .child("call", "a", "checkout", "POST /pay", 100, 900).kind(SpanKind.CLIENT)
                .child("serve", "call", "payment", "POST /pay", 150, 400).kind(SpanKind.SERVER)
                .build();

        assertThat(latencySuspect(trace, "a")).isEqualTo(new Culprit("checkout", "POST /pay", 0.55));
    }

    @Test
    void aServerSpanUnderAClientSpanTakesItsShare() {
        TraceView trace = trace()
                .span("a", "frontend", "GET /", 0, 1000)
                .child("call", "a", "checkout", "POST /pay", 100, 900).kind(SpanKind.CLIENT)
                .child("serve", "call", "payment", "POST /pay", 110, 890).kind(SpanKind.SERVER)
                .build();

        assertThat(latencySuspect(trace, "a")).isEqualTo(new Culprit("payment", "POST /pay", 0.78));
    }

    @Test
    void aSpanWithoutTimeHasNoLatencyCauses() {
        TraceView trace = trace().span("a", "frontend", "GET /", 5, 5).build();

        assertThat(new TraceEvidence(trace).latencyCauses(spanOf(trace, "a"))).isEqualTo(SpanCauses.NONE);
    }
}
