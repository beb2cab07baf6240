package io.tracepipe.app.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracepipe.anomaly.health.AttributeCardinality;
import io.tracepipe.anomaly.health.HealthReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthReportJsonTest {
    private static final String TRACE = "5c0b2e7a9d1f4c3b8a6e0d2f1b3c4a5e";
    private static final HealthReport REPORT = new HealthReport(600, 10_231,
            List.of(new HealthReport.OrphanRow("checkout", "frontend", 252, 1908, TRACE),
                    new HealthReport.OrphanRow("inventory", "unknown", 3, 2000, TRACE)),
            List.of(new HealthReport.RootRow("mailer", 4, TRACE)),
            List.of(new HealthReport.SkewRow("checkout", "payment", 252, 300_000_000, 300_400_000, TRACE)),
            List.of(new HealthReport.RetryRow("checkout", "payment", 252, 250, TRACE)),
            List.of(new AttributeCardinality.Row("frontend", "request.id", 600, TRACE)),
            7, Duration.ofMinutes(5));

    @Test
    void readsBackWhatItWrote() {
        assertThat(HealthReportJson.read(HealthReportJson.write(REPORT, 10))).isEqualTo(REPORT);
    }

    @Test
    void writesTheWorstOffendersUpToTheLimit() {
        HealthReport first = HealthReportJson.read(HealthReportJson.write(REPORT, 1));

        assertThat(first.orphans()).extracting(HealthReport.OrphanRow::service).containsExactly("checkout");
        assertThat(first.traces()).isEqualTo(600);
    }

    @Test
    void rejectsABodyThatIsNotAReport() {
        assertThatThrownBy(() -> HealthReportJson.read("{\"traces\": 1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orphans");
        assertThatThrownBy(() -> HealthReportJson.read("<html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsEachCategoryWithItsExampleTrace() {
        String text = HealthReportText.format(REPORT);

        assertThat(text).contains("instrumentation health: 600 traces, 10231 spans checked")
                .containsPattern("checkout +252 orphans \\(13\\.21% of its spans\\), context lost by frontend · trace " + TRACE)
                .containsPattern("checkout +-> payment +252 spans, offset \\+300\\.0 ms \\(worst \\+300\\.4 ms\\)")
                .containsPattern("checkout +-> payment +252 retries \\(250 declared\\)")
                .containsPattern("frontend +request\\.id +~600 distinct values");
    }

    @Test
    void saysNoneForAnEmptyCategory() {
        HealthReport clean = new HealthReport(5, 20, List.of(), List.of(), List.of(), List.of(), List.of(), 0, Duration.ofMinutes(5));

        assertThat(HealthReportText.format(clean)).contains("broken propagation (orphan spans: parent never arrived)\n  none\n");
    }
}
