package io.tracepipe.anomaly.health;

import static io.tracepipe.anomaly.health.HealthTraceBuilder.MS;
import static io.tracepipe.anomaly.health.HealthTraceBuilder.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.model.SpanKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TraceHealthCheckTest {
    private static final Duration TOLERANCE = Duration.ofMillis(1);
    private final TraceHealthCheck check = new TraceHealthCheck(TOLERANCE);

    @Test
    void aWholeCallTreeIsHealthy() {
        TraceHealth health = check.check(trace()
                .root("a1", "frontend", "GET /", 0, 100)
                .client("a2", "a1", "frontend", "GET /stock", 10, 60).peer("inventory")
                .server("b1", "a2", "inventory", "GET /stock", 12, 58)
                .internal("a3", "a1", "frontend", "render", 60, 99)
                .build());

        assertThat(health.isHealthy()).isTrue();
    }

    @Test
    void orphanIsBlamedOnTheCallerWhoseCallHasNoServerChild() {
        TraceHealth health = check.check(trace()
                .root("a1", "frontend", "GET /", 0, 100)
                .client("a2", "a1", "frontend", "GET /stock", 10, 60).peer("inventory")
                .client("a3", "a1", "frontend", "POST /charge", 61, 90).peer("payment")
                .server("c1", "a3", "payment", "POST /charge", 62, 89)
                .server("b1", "ffffffffffffffff", "inventory", "GET /stock", 12, 58) // context lost: parent never arrives
                .build());

        assertThat(health.orphans()).containsExactly(new Findings.Orphan("b1", "inventory", "GET /stock", "frontend"));
        assertThat(health.extraRoots()).isEmpty();
    }

    @Test
    void orphanWithoutAnyHintHasNoCaller() {
        TraceHealth health = check.check(trace()
                .root("a1", "frontend", "GET /", 0, 100)
                .client("a2", "a1", "frontend", "SELECT stock", 10, 20)
                .client("a3", "a1", "frontend", "SELECT price", 20, 30)
                .server("b1", "ffffffffffffffff", "inventory", "GET /stock", 12, 58)
                .build());

        assertThat(health.orphans()).extracting(Findings.Orphan::caller).containsExactly((String) null);
    }

    @Test
    void secondRootIsAnExtraRootOfItsService() {
        TraceHealth health = check.check(trace()
                .root("a1", "frontend", "GET /", 0, 100)
                .root("q1", "mailer", "process order-placed", 120, 140)
                .build());

        assertThat(health.extraRoots()).containsExactly(new Findings.ExtraRoot("q1", "mailer", "process order-placed"));
        assertThat(health.hasMultipleRoots()).isTrue();
    }

    @Test
    void childStickingOutByExactlyTheToleranceIsNotSkewed() {
        TraceHealth health = check.check(callWithServerAt(10 * MS - TOLERANCE.toNanos(), 50 * MS + TOLERANCE.toNanos()));

        assertThat(health.skews()).isEmpty();
    }

    @Test
    void childStartingOneNanosecondBeyondTheToleranceIsSkewed() {
        long start = 10 * MS - TOLERANCE.toNanos() - 1;
        TraceHealth health = check.check(callWithServerAt(start, start + 20 * MS));

        assertThat(health.skews()).singleElement().satisfies(skew -> {
            assertThat(skew.parentService()).isEqualTo("checkout");
            assertThat(skew.childService()).isEqualTo("payment");
            // middle of the child (start + 10 ms) against the middle of the parent (30 ms)
            assertThat(skew.offsetNanos()).isEqualTo(start + 10 * MS - 30 * MS);
        });
    }

    @Test
    void childEndingBeyondTheToleranceIsSkewedWithAPositiveOffset() {
        TraceHealth health = check.check(callWithServerAt(300 * MS, 340 * MS));

        assertThat(health.skews()).singleElement().satisfies(skew -> assertThat(skew.offsetNanos()).isEqualTo(290 * MS));
    }

    @Test
    void childOfTheSameServiceMayOutliveItsParent() {
        TraceHealth health = check.check(trace()
                .root("a1", "checkout", "POST /orders", 0, 100)
                .internal("a2", "a1", "checkout", "publish order-placed", 95, 130)
                .build());

        assertThat(health.skews()).isEmpty();
    }

    @Test
    void consumerAfterItsProducerIsNotSkewed() {
        TraceHealth health = check.check(trace()
                .root("a1", "checkout", "POST /orders", 0, 100)
                .span("a2", "a1", "checkout", "publish orders", SpanKind.PRODUCER, 90 * MS, 91 * MS)
                .span("m1", "a2", "mailer", "process orders", SpanKind.CONSUMER, 500 * MS, 520 * MS)
                .build());

        assertThat(health.skews()).isEmpty();
    }

    @Test
    void callRepeatedAfterAFailureIsARetryWithoutAnyAttribute() {
        TraceHealth health = check.check(trace()
                .root("a1", "checkout", "POST /orders", 0, 200)
                .client("a2", "a1", "checkout", "POST /charge", 10, 20).peer("payment").failed()
                .client("a3", "a1", "checkout", "POST /charge", 30, 90).peer("payment")
                .server("p1", "a3", "payment", "POST /charge", 31, 89)
                .build());

        assertThat(health.retries()).containsExactly(new Findings.Retry("a3", "checkout", "payment", "POST /charge", false));
    }

    @Test
    void callWithAResendCountIsARetryEvenAlone() {
        TraceHealth health = check.check(trace()
                .root("a1", "checkout", "POST /orders", 0, 200)
                .client("a3", "a1", "checkout", "POST /charge", 30, 90).peer("payment").resend(1)
                .build());

        assertThat(health.retries()).containsExactly(new Findings.Retry("a3", "checkout", "payment", "POST /charge", true));
    }

    @Test
    void concurrentCallsToOneOperationAreNotRetriesEvenWhenOneFails() {
        TraceHealth health = check.check(trace()
                .root("a1", "checkout", "POST /orders", 0, 200)
                .client("a2", "a1", "checkout", "POST /reserve", 10, 40).peer("inventory").failed()
                .client("a3", "a1", "checkout", "POST /reserve", 11, 38).peer("inventory")
                .client("a4", "a1", "checkout", "POST /reserve", 41, 60).peer("inventory")
                .build());

        // a4 started after the failed a2 ended: a retry; a3 ran alongside it
        assertThat(health.retries()).extracting(Findings.Retry::spanId).containsExactly("a4");
    }

    @Test
    void successfulRepeatedCallsAreNotRetries() {
        TraceHealth health = check.check(trace()
                .root("a1", "checkout", "POST /orders", 0, 200)
                .client("a2", "a1", "checkout", "POST /reserve", 10, 20).peer("inventory")
                .client("a3", "a1", "checkout", "POST /reserve", 30, 40).peer("inventory")
                .build());

        assertThat(health.retries()).isEmpty();
    }

    private static HealthTrace callWithServerAt(long serverStartNanos, long serverEndNanos) {
        return trace()
                .root("a1", "checkout", "POST /orders", 0, 100)
                .client("a2", "a1", "checkout", "POST /charge", 10, 50).peer("payment")
                .span("p1", "a2", "payment", "POST /charge", SpanKind.SERVER, serverStartNanos, serverEndNanos)
                .build();
    }
}
