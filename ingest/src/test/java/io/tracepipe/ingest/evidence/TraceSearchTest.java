package io.tracepipe.ingest.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracepipe.ingest.TraceSummary;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSearchTest {
    private static final long START = 1_700_000_000L;
    private static final TraceSummary SLOW_FAILED_CHECKOUT =
            new TraceSummary("ab", "frontend", "POST /checkout", 12, START * 1_000_000_000L, Duration.ofMillis(1500), 2);

    @Test
    void tagsMatchRootServiceAndNameAsCaseInsensitiveSubstrings() {
        assertThat(search(Map.of("tags", "service.name=FRONT name=\"post /check\"")).matches(SLOW_FAILED_CHECKOUT)).isTrue();
        assertThat(search(Map.of("tags", "service.name=payment")).matches(SLOW_FAILED_CHECKOUT)).isFalse();
    }

    @Test
    void statusAndDurationsFilter() {
        assertThat(search(Map.of("tags", "status=error", "minDuration", "1.2s", "maxDuration", "2s")).matches(SLOW_FAILED_CHECKOUT)).isTrue();
        assertThat(search(Map.of("tags", "status=ok")).matches(SLOW_FAILED_CHECKOUT)).isFalse();
        assertThat(search(Map.of("minDuration", "1m30s")).matches(SLOW_FAILED_CHECKOUT)).isFalse();
        assertThat(search(Map.of("maxDuration", "1499999us")).matches(SLOW_FAILED_CHECKOUT)).isFalse();
    }

    @Test
    void startAndEndBoundTheTraceStartInSeconds() {
        assertThat(search(Map.of("start", Long.toString(START), "end", Long.toString(START))).matches(SLOW_FAILED_CHECKOUT)).isTrue();
        assertThat(search(Map.of("start", Long.toString(START + 1))).matches(SLOW_FAILED_CHECKOUT)).isFalse();
    }

    @Test
    void limitDefaultsToTwenty() {
        assertThat(search(Map.of()).limit()).isEqualTo(20);
        assertThat(search(Map.of("limit", "3")).limit()).isEqualTo(3);
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> search(Map.of("minDuration", "fast"))).hasMessageStartingWith("minDuration:");
        assertThatThrownBy(() -> search(Map.of("tags", "http.route=/x"))).hasMessageContaining("not searchable");
        assertThatThrownBy(() -> search(Map.of("q", "{ status = error }"))).hasMessageContaining("TraceQL");
    }

    private static TraceSearch search(Map<String, String> params) {
        return TraceSearch.parse(params);
    }
}
