package io.tracepipe.ingest.evidence;

/**
 * One request between two nodes of the service graph, as Tempo's metrics-generator counts it.
 *
 * @param client the calling service, or {@code user} for a request that entered the system at a root span
 * @param server the called service, or the peer named by the client span for an uninstrumented one
 * @param connectionType {@code ""} (a direct call), {@code messaging_system}, {@code database} or {@code virtual_node}
 * @param failed either side of the request has status ERROR
 * @param serverSeconds the server span's duration (for a database, the client span's; 0 when no server span exists)
 * @param clientSeconds the client span's duration (0 when there is no client span)
 */
public record ServiceEdge(String client, String server, String connectionType, boolean failed, double serverSeconds, double clientSeconds) {
    public static final String DIRECT = "";
    public static final String MESSAGING_SYSTEM = "messaging_system";
    public static final String DATABASE = "database";
    public static final String VIRTUAL_NODE = "virtual_node";
    /** The client of a request whose server span is the trace's root: someone outside the traced system. */
    public static final String USER = "user";
}
