package io.tracepipe.ingest.evidence;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service-graph edges of one whole trace, with the semantics of Tempo's metrics-generator
 * (and the Collector's {@code servicegraph} connector): a CLIENT span and the SERVER span under it
 * are one request, a PRODUCER and the CONSUMER under it one {@code messaging_system} request; a
 * client span with {@code db.name} or {@code db.system} is a {@code database} request to the node
 * named by {@code peer.service}, {@code server.address}, {@code network.peer.address[:port]} or
 * {@code db.name}; a client span left without a server names a {@code virtual_node} by its
 * {@code peer.service}, {@code db.name} or {@code db.system}; a root server span is a request from
 * {@code user}. A request failed when either of its spans has status ERROR.
 *
 * <p>Tempo pairs spans as they stream by and gives up on the unpaired after a wait; here the
 * trace is whole, so every pairing is decided exactly, with nothing expired or counted late.
 * Resources without {@code service.name} are skipped, as Tempo does.
 */
public final class ServiceGraph {
    private static final String[] VIRTUAL_PEER_ATTRIBUTES = {"peer.service", "db.name", "db.system"};

    private record Indexed(Span span, String service, ResourceSpans resource) {}

    private ServiceGraph() {}

    /** The edges of {@code trace}, in the order of their client (or, for {@code user} edges, server) spans. */
    public static List<ServiceEdge> edges(TracesData trace) {
        List<Indexed> callers = new ArrayList<>();
        // Server and consumer spans by their parent's id: the key Tempo pairs them on. The first one wins, as in Tempo.
        Map<ByteString, Indexed> calleesByParent = new HashMap<>();
        List<Indexed> rootCallees = new ArrayList<>();
        for (ResourceSpans rs : trace.getResourceSpansList()) {
            String service = attribute(rs.getResource().getAttributesList(), "service.name");
            if (service == null) {
                continue;
            }
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    Indexed indexed = new Indexed(span, service, rs);
                    switch (span.getKind()) {
                        case SPAN_KIND_CLIENT, SPAN_KIND_PRODUCER -> callers.add(indexed);
                        case SPAN_KIND_SERVER, SPAN_KIND_CONSUMER -> {
                            if (span.getParentSpanId().isEmpty()) {
                                rootCallees.add(indexed);
                            } else {
                                calleesByParent.putIfAbsent(span.getParentSpanId(), indexed);
                            }
                        }
                        default -> {
                            // internal spans are no requests between nodes
                        }
                    }
                }
            }
        }
        List<ServiceEdge> edges = new ArrayList<>();
        for (Indexed caller : callers) {
            ServiceEdge edge = edgeFrom(caller, calleesByParent.get(caller.span().getSpanId()));
            if (edge != null) {
                edges.add(edge);
            }
        }
        for (Indexed root : rootCallees) {
            edges.add(new ServiceEdge(ServiceEdge.USER, root.service(), ServiceEdge.VIRTUAL_NODE, failed(root.span()),
                    seconds(root.span()), 0));
        }
        return edges;
    }

    private static ServiceEdge edgeFrom(Indexed caller, Indexed callee) {
        Span client = caller.span();
        String database = databaseNode(caller);
        if (database != null) {
            // A database sends no span back: the client span stands for both sides.
            return new ServiceEdge(caller.service(), database, ServiceEdge.DATABASE, failed(client), seconds(client), seconds(client));
        }
        if (callee != null) {
            boolean messaging = client.getKind() == Span.SpanKind.SPAN_KIND_PRODUCER
                    || callee.span().getKind() == Span.SpanKind.SPAN_KIND_CONSUMER;
            return new ServiceEdge(caller.service(), callee.service(), messaging ? ServiceEdge.MESSAGING_SYSTEM : ServiceEdge.DIRECT,
                    failed(client) || failed(callee.span()), seconds(callee.span()), seconds(client));
        }
        for (String key : VIRTUAL_PEER_ATTRIBUTES) {
            String peer = attribute(client.getAttributesList(), key);
            if (peer != null) {
                return new ServiceEdge(caller.service(), peer, ServiceEdge.VIRTUAL_NODE, failed(client), 0, seconds(client));
            }
        }
        return null;
    }

    /** The database a client span calls, or null when it is no database call. */
    private static String databaseNode(Indexed caller) {
        String dbName = attribute(caller, "db.name");
        if (dbName == null && attribute(caller, "db.system") == null) {
            return null;
        }
        for (String key : new String[] {"peer.service", "server.address"}) {
            String name = attribute(caller, key);
            if (name != null) {
                return name;
            }
        }
        String host = attribute(caller, "network.peer.address");
        if (host != null) {
            String port = attribute(caller, "network.peer.port");
            return port == null ? host : host + ":" + port;
        }
        return dbName;
    }

    /** A resource attribute, else the span's own: the order Tempo looks in. */
    private static String attribute(Indexed indexed, String key) {
        String value = attribute(indexed.resource().getResource().getAttributesList(), key);
        return value != null ? value : attribute(indexed.span().getAttributesList(), key);
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                String text = text(kv.getValue());
                return text.isEmpty() ? null : text;
            }
        }
        return null;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            default -> "";
        };
    }

    private static boolean failed(Span span) {
        return span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
    }

    private static double seconds(Span span) {
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        return end > start ? (end - start) / 1e9 : 0;
    }
}
