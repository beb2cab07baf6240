package io.tracepipe.app.query;

import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.ingest.evidence.TraceSearch;
import io.tracepipe.topology.query.TraceIndex;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code /api/search} over every instance: this instance's task indexes, and those of the others
 * through their internal endpoint (the hits of an instance that does not answer are missing, not
 * an error). Hits are merged newest first and cut at the search's limit.
 */
public final class TraceSearches {
    public static final String INTERNAL_PATH = "/internal/search";

    private final TraceIndex index;
    private final TraceLookup lookup;
    private final Peers peers;

    public TraceSearches(TraceIndex index, TraceLookup lookup, Peers peers) {
        this.index = index;
        this.lookup = lookup;
        this.peers = peers;
    }

    /** Hits and how many summaries were looked at. */
    public record Hits(List<TraceSummary> traces, int inspected) {}

    public TraceIndex.Result local(TraceSearch search) {
        return index.search(search);
    }

    /** The search on every instance; {@code rawQuery} is passed on to the others as it came. */
    public Hits everywhere(TraceSearch search, String rawQuery) {
        TraceIndex.Result own = local(search);
        List<TraceSummary> all = new ArrayList<>(own.traces());
        int inspected = own.inspected();
        for (HostInfo host : lookup.others()) {
            HttpResponse<byte[]> answer = peers.get(host, INTERNAL_PATH + (rawQuery == null ? "" : "?" + rawQuery));
            if (answer != null && answer.statusCode() == 200) {
                TraceIndex.Result theirs = decode(new String(answer.body(), StandardCharsets.UTF_8));
                all.addAll(theirs.traces());
                inspected += theirs.inspected();
            }
        }
        all.sort(Comparator.comparingLong(TraceSummary::startUnixNanos).reversed());
        return new Hits(List.copyOf(all.subList(0, Math.min(all.size(), search.limit()))), inspected);
    }

    /** The internal answer: a first line with the count inspected, then one line per hit (see {@link FieldLines}). */
    public static String encode(TraceIndex.Result result) {
        StringBuilder out = new StringBuilder().append(result.inspected()).append('\n');
        for (TraceSummary s : result.traces()) {
            out.append(FieldLines.field(s.traceId())).append(' ').append(FieldLines.field(s.rootService())).append(' ')
                    .append(FieldLines.field(s.rootOperation())).append(' ').append(s.spanCount()).append(' ').append(s.startUnixNanos())
                    .append(' ').append(s.duration().toNanos()).append(' ').append(s.errorSpans()).append('\n');
        }
        return out.toString();
    }

    static TraceIndex.Result decode(String text) {
        List<String> lines = text.lines().toList();
        List<TraceSummary> hits = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = FieldLines.fields(line);
            if (f.length == 7) {
                hits.add(new TraceSummary(FieldLines.text(f[0]), FieldLines.text(f[1]), FieldLines.text(f[2]), Integer.parseInt(f[3]),
                        Long.parseLong(f[4]), Duration.ofNanos(Long.parseLong(f[5])), Integer.parseInt(f[6])));
            }
        }
        return new TraceIndex.Result(hits, lines.isEmpty() || lines.get(0).isBlank() ? 0 : Integer.parseInt(lines.get(0).trim()));
    }
}
