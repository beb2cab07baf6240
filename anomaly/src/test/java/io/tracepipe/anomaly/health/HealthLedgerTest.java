package io.tracepipe.anomaly.health;

import static io.tracepipe.anomaly.health.HealthTraceBuilder.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.stats.HyperLogLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthLedgerTest {
    private static final Duration PERIOD = Duration.ofMinutes(5);
    private final TraceHealthCheck check = new TraceHealthCheck(Duration.ofMillis(1));

    @Test
    void reportsOrphansPerServiceAndCallerWithTheRateAndAnExample() {
        HealthLedger ledger = new HealthLedger(100, PERIOD);
        HealthTrace broken = trace()
                .root("a1", "frontend", "GET /", 0, 100)
                .client("a2", "a1", "frontend", "GET /stock", 10, 60).peer("inventory")
                .server("b1", "ffffffffffffffff", "inventory", "GET /stock", 12, 58)
                .internal("b2", "b1", "inventory", "lookup", 13, 50)
                .build();
        record(ledger, broken, 0);

        HealthReport report = ledger.report(1000);

        assertThat(report.orphans()).containsExactly(
                new HealthReport.OrphanRow("inventory", "frontend", 1, 2, HealthTraceBuilder.TRACE_ID));
        assertThat(report.orphans().get(0).rate()).isEqualTo(0.5);
        assertThat(report.traces()).isEqualTo(1);
        assertThat(report.spans()).isEqualTo(4);
    }

    @Test
    void keysBeyondTheCapShareTheOverflowKey() {
        HealthLedger ledger = new HealthLedger(1, PERIOD);
        record(ledger, trace().root("a", "s1", "x", 0, 1).root("b", "s2", "x", 2, 3).build(), 0);
        record(ledger, trace().root("a", "s1", "x", 0, 1).root("b", "s3", "x", 2, 3).build(), 0);

        assertThat(ledger.report(1000).multipleRoots()).extracting(HealthReport.RootRow::service)
                .containsExactlyInAnyOrder("s2", HealthLedger.OVERFLOW);
    }

    @Test
    void skewRowKeepsTheMeanAndTheWorstOffset() {
        HealthLedger ledger = new HealthLedger(10, PERIOD);
        for (long shift : List.of(200L, 400L)) {
            record(ledger, trace().root("a1", "checkout", "POST /orders", 0, 100)
                    .client("a2", "a1", "checkout", "POST /charge", 10, 50).peer("payment")
                    .server("p1", "a2", "payment", "POST /charge", 10 + shift, 50 + shift).build(), 0);
        }

        HealthReport.SkewRow row = ledger.report(1000).skew().get(0);
        assertThat(row.skewedSpans()).isEqualTo(2);
        assertThat(row.meanOffsetNanos()).isEqualTo(300 * HealthTraceBuilder.MS);
        assertThat(row.worstOffsetNanos()).isEqualTo(400 * HealthTraceBuilder.MS);
    }

    @Test
    void cardinalityCoversThisAndThePreviousPeriodOnly() {
        HealthLedger ledger = new HealthLedger(10, PERIOD);
        long period = PERIOD.toMillis();
        recordValues(ledger, "request.id", 0, 1500, 0);
        recordValues(ledger, "request.id", 1500, 3000, period);
        assertThat(ledger.report(1000).cardinality()).singleElement()
                .satisfies(row -> assertThat(row.distinct()).isBetween(2900L, 3100L));

        recordValues(ledger, "request.id", 3000, 3010, 2 * period);
        assertThat(ledger.report(1000).cardinality()).singleElement()
                .satisfies(row -> assertThat(row.distinct()).isBetween(1460L, 1550L));
    }

    @Test
    void mergedLedgersCountAsOne() {
        HealthLedger a = new HealthLedger(10, PERIOD);
        HealthLedger b = new HealthLedger(10, PERIOD);
        recordValues(a, "request.id", 0, 2000, 0);
        recordValues(b, "request.id", 1000, 3000, 0);
        HealthLedger all = new HealthLedger(10, PERIOD);
        a.mergeInto(all, true);
        b.mergeInto(all, true);

        assertThat(all.report(1000).cardinality()).singleElement()
                .satisfies(row -> assertThat(row.distinct()).isBetween(2900L, 3100L));
        assertThat(all.report(1000).traces()).isEqualTo(2);
    }

    private void record(HealthLedger ledger, HealthTrace trace, long nowMs) {
        ledger.record(trace, check.check(trace), TraceAttributes.NONE, nowMs);
    }

    private void recordValues(HealthLedger ledger, String key, int from, int to, long nowMs) {
        HealthTrace trace = trace().root("a1", "gateway", "GET /", 0, 1).build();
        ledger.record(trace, check.check(trace), visitor -> {
            for (int i = from; i < to; i++) {
                visitor.value("gateway", key, HyperLogLog.hash("req-" + i));
            }
        }, nowMs);
    }
}
