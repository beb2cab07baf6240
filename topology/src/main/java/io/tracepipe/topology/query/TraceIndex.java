package io.tracepipe.topology.query;

import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.ingest.evidence.TraceSearch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The recent-trace summaries of every task this instance runs, one bounded {@link RecentTraces} per
 * task. A task's index lives while the task runs here and goes with it when it is closed or moves
 * away, so two instances never answer for the same trace; it is in memory, and a task that moves
 * starts its index anew on its new instance.
 */
public final class TraceIndex {
    private final Map<TaskId, RecentTraces> byTask = new ConcurrentHashMap<>();

    RecentTraces open(TaskId task) {
        RecentTraces fresh = new RecentTraces();
        byTask.put(task, fresh);
        return fresh;
    }

    void close(TaskId task, RecentTraces index) {
        byTask.remove(task, index);
    }

    /** The hits of every local task, newest first, at most the search's limit. */
    public Result search(TraceSearch search) {
        List<TraceSummary> hits = new ArrayList<>();
        int[] inspected = new int[1];
        for (RecentTraces recent : byTask.values()) {
            hits.addAll(recent.search(search, inspected));
        }
        hits.sort(Comparator.comparingLong(TraceSummary::startUnixNanos).reversed());
        return new Result(List.copyOf(hits.subList(0, Math.min(hits.size(), search.limit()))), inspected[0]);
    }

    /** Search hits and how many summaries were looked at. */
    public record Result(List<TraceSummary> traces, int inspected) {}
}
