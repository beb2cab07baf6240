package io.tracepipe.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.topology.query.TraceIndex;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceSearchesTest {

    @Test
    void hitsCrossToAnotherInstanceUnchangedWhateverTheirNamesHold() {
        TraceIndex.Result hits = new TraceIndex.Result(List.of(
                new TraceSummary("a000000000000000000000000000000a", "front end", "POST /checkout?x=1&y=2", 12, 1_700_000_000_123_456_789L,
                        Duration.ofMillis(1500), 2),
                new TraceSummary("a000000000000000000000000000000b", "", "%\nµ", 1, 0, Duration.ZERO, 0)), 40);

        assertThat(TraceSearches.decode(TraceSearches.encode(hits))).isEqualTo(hits);
    }

    @Test
    void anInstanceWithoutHitsStillSaysHowManyItLookedAt() {
        TraceIndex.Result none = new TraceIndex.Result(List.of(), 7);

        assertThat(TraceSearches.decode(TraceSearches.encode(none))).isEqualTo(none);
    }
}
