package io.tracepipe.anomaly.health;

/** What the checks find in one trace, one record per flagged span (or trace). */
public final class Findings {
    private Findings() {}

    /**
     * A span whose parent id is set but absent from the completed trace.
     *
     * @param caller the service whose outgoing call most likely lost the context (a client or producer
     *     span with no child in the trace, matched by {@code peer.service} or messaging destination when
     *     there is a choice); null when it cannot be told
     */
    public record Orphan(String spanId, String service, String operation, String caller) {}

    /** A root beyond the first (earliest) one of a trace: its service started the trace again. */
    public record ExtraRoot(String spanId, String service, String operation) {}

    /**
     * A child that starts before its parent or ends after it by more than the tolerance, across services.
     *
     * @param offsetNanos the child clock's estimated offset against the parent's (positive: the child's
     *     clock is ahead): how far the child's middle is from the parent's middle
     */
    public record Skew(String spanId, String parentService, String childService, long offsetNanos) {}

    /**
     * A client call that repeats an earlier failed call from the same parent to the same operation and
     * callee, or that says it is a resend ({@code http.request.resend_count}, {@code retry.count}).
     *
     * @param server the callee's service: the call's server child, else its {@code peer.service}, else "unknown"
     * @param declared whether the span's attributes said so (false: found from the repeated call alone)
     */
    public record Retry(String spanId, String client, String server, String operation, boolean declared) {}
}
