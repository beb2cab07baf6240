package io.tracepipe.topology.query;

import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.ingest.evidence.TraceSearch;
import java.util.ArrayList;
import java.util.List;

/**
 * The summaries of the last {@link #CAPACITY} traces one task emitted, newest last: what
 * {@code /api/search} looks through. Written by the task's stream thread, read by HTTP threads.
 */
public final class RecentTraces {
    /** Summaries kept per task; older ones are overwritten (about 200 bytes each). */
    public static final int CAPACITY = 2_000;

    private final TraceSummary[] ring;
    private int next;
    private long added;

    public RecentTraces() {
        this(CAPACITY);
    }

    RecentTraces(int capacity) {
        this.ring = new TraceSummary[capacity];
    }

    public synchronized void add(TraceSummary summary) {
        ring[next] = summary;
        next = (next + 1) % ring.length;
        added++;
    }

    /** The hits among the kept summaries, newest first, at most the search's limit; {@code inspected} counts what was looked at. */
    public synchronized List<TraceSummary> search(TraceSearch search, int[] inspected) {
        List<TraceSummary> hits = new ArrayList<>();
        int kept = (int) Math.min(added, ring.length);
        for (int i = 1; i <= kept && hits.size() < search.limit(); i++) {
            TraceSummary summary = ring[Math.floorMod(next - i, ring.length)];
            inspected[0]++;
            if (search.matches(summary)) {
                hits.add(summary);
            }
        }
        return hits;
    }
}
