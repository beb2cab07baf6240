package io.tracepipe.anomaly.trace;

import io.tracepipe.anomaly.eval.Culprit;
import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import java.util.HashMap;
import java.util.Map;

/**
 * Names the service and operation most likely at fault in one exemplar trace, for latency and
 * for errors; alerts aggregate these over their exemplars.
 */
public final class TraceSuspects {
    private record Operation(String service, String operation) {}

    private TraceSuspects() {}

    /**
     * The service/operation with the largest summed self time on the critical path, with its
     * share of the path (the root's duration); null when the path accounts for no time (no spans,
     * or a zero-length root). Occurrences of the same operation add up, so ten 100 ms calls
     * outweigh one 500 ms call. A CLIENT span's self time is time waited on the network or on a
     * remote side that sent no span back, and is kept: it is the caller's best lead. Ties go to
     * the smaller service, then operation name, so the answer does not depend on span order.
     */
    public static Culprit forLatency(TraceView trace) {
        CriticalPath path = CriticalPath.of(trace);
        if (path.totalNanos() == 0) {
            return null;
        }
        Map<Operation, Long> selfTime = new HashMap<>();
        for (PathSegment segment : path.segments()) {
            SpanView span = segment.span();
            selfTime.merge(new Operation(span.service(), span.operation()), segment.selfTimeNanos(), Long::sum);
        }
        Operation suspect = null;
        long suspectTime = -1;
        for (Map.Entry<Operation, Long> entry : selfTime.entrySet()) {
            Operation operation = entry.getKey();
            long time = entry.getValue();
            if (time > suspectTime || time == suspectTime && precedes(operation, suspect)) {
                suspect = operation;
                suspectTime = time;
            }
        }
        return new Culprit(suspect.service(), suspect.operation(), (double) suspectTime / path.totalNanos());
    }

    /** The error origin's service/operation with share 1.0, or null when nothing in the trace errored. */
    public static Culprit forErrors(TraceView trace) {
        return ErrorOrigin.of(trace)
                .map(span -> new Culprit(span.service(), span.operation(), 1.0))
                .orElse(null);
    }

    private static boolean precedes(Operation a, Operation b) {
        int byService = a.service().compareTo(b.service());
        return byService != 0 ? byService < 0 : a.operation().compareTo(b.operation()) < 0;
    }
}
