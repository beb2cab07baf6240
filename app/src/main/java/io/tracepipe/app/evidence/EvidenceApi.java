package io.tracepipe.app.evidence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import io.tracepipe.app.http.Exchanges;
import io.tracepipe.app.http.HttpEndpoint;
import io.tracepipe.app.metrics.ServiceGraphMetrics;
import io.tracepipe.app.metrics.ServiceGraphMetrics.EdgeTotals;
import io.tracepipe.app.query.FieldLines;
import io.tracepipe.app.query.Peers;
import io.tracepipe.app.query.TraceLookup;
import io.tracepipe.ingest.Ids;
import io.tracepipe.ingest.OtlpJsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The incident page (shipped in the jar, {@code GET /}) and the data it draws:
 * {@code /api/evidence/alerts} (the open alerts, as published), {@code /api/evidence/traces/{id}}
 * (a trace with its critical path and error origin) and {@code /api/evidence/service-graph} (the
 * totals of every edge, summed over all instances).
 */
public final class EvidenceApi {
    private static final String PAGE = "/io/tracepipe/app/evidence/incident.html";
    private static final String TRACES = "/api/evidence/traces/";
    private static final String INTERNAL_GRAPH = "/internal/service-graph";

    private final OpenAlerts alerts;
    private final TraceLookup lookup;
    private final ServiceGraphMetrics graph;
    private final Peers peers;

    public EvidenceApi(OpenAlerts alerts, TraceLookup lookup, ServiceGraphMetrics graph, Peers peers) {
        this.alerts = alerts;
        this.lookup = lookup;
        this.graph = graph;
        this.peers = peers;
    }

    /** Adds the page and its data endpoints to {@code http}. */
    public void register(HttpEndpoint http) {
        http.route("/", this::page);
        http.route("/api/evidence/alerts", exchange -> Exchanges.json(exchange,
                ("[" + String.join(",", alerts.json()) + "]").getBytes(StandardCharsets.UTF_8)));
        http.route(TRACES, this::trace);
        http.route("/api/evidence/service-graph", exchange -> Exchanges.json(exchange, graphJson(everywhere())));
        http.route(INTERNAL_GRAPH, exchange -> Exchanges.text(exchange, 200, encode(graph.totals())));
    }

    private void page(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/") && !path.equals("/index.html")) {
            Exchanges.text(exchange, 404, "not found\n");
            return;
        }
        try (InputStream in = EvidenceApi.class.getResourceAsStream(PAGE)) {
            Exchanges.send(exchange, 200, "text/html; charset=utf-8", in.readAllBytes());
        }
    }

    private void trace(HttpExchange exchange) throws IOException {
        byte[] id = TraceLookup.parseId(Exchanges.tail(exchange, TRACES));
        if (id == null) {
            Exchanges.text(exchange, 400, "invalid trace id: expected up to 32 hex digits\n");
            return;
        }
        TraceLookup.Result result = lookup.find(id);
        if (result instanceof TraceLookup.Found found) {
            Exchanges.json(exchange, TraceEvidence.json(Ids.toHex(id), found.trace()));
        } else if (result instanceof TraceLookup.Unavailable unavailable) {
            Exchanges.text(exchange, 503, unavailable.reason() + "\n");
        } else {
            Exchanges.text(exchange, 404, "trace not found\n");
        }
    }

    /** This instance's edges plus every other instance's: each sees only the traces of its own tasks. */
    private List<EdgeTotals> everywhere() {
        Map<String, EdgeTotals> sum = new LinkedHashMap<>();
        graph.totals().forEach(e -> merge(sum, e));
        for (HostInfo host : lookup.others()) {
            HttpResponse<byte[]> answer = peers.get(host, INTERNAL_GRAPH);
            if (answer != null && answer.statusCode() == 200) {
                decode(new String(answer.body(), StandardCharsets.UTF_8)).forEach(e -> merge(sum, e));
            }
        }
        return List.copyOf(sum.values());
    }

    private static void merge(Map<String, EdgeTotals> sum, EdgeTotals e) {
        sum.merge(e.client() + "\u0000" + e.server() + "\u0000" + e.connectionType(), e, (a, b) -> new EdgeTotals(a.client(), a.server(),
                a.connectionType(), a.requests() + b.requests(), a.failed() + b.failed(), a.serverSecondsSum() + b.serverSecondsSum()));
    }

    /** The internal answer: one line per edge (see {@link FieldLines}). */
    static String encode(List<EdgeTotals> edges) {
        StringBuilder out = new StringBuilder();
        for (EdgeTotals e : edges) {
            out.append(FieldLines.field(e.client())).append(' ').append(FieldLines.field(e.server())).append(' ')
                    .append(FieldLines.field(e.connectionType())).append(' ').append(e.requests()).append(' ').append(e.failed())
                    .append(' ').append(e.serverSecondsSum()).append('\n');
        }
        return out.toString();
    }

    static List<EdgeTotals> decode(String text) {
        return text.lines().map(FieldLines::fields).filter(f -> f.length == 6)
                .map(f -> new EdgeTotals(FieldLines.text(f[0]), FieldLines.text(f[1]), FieldLines.text(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4]), Double.parseDouble(f[5])))
                .toList();
    }

    private static byte[] graphJson(List<EdgeTotals> edges) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = OtlpJsonWriter.generator(body)) {
            json.writeStartObject();
            json.writeArrayFieldStart("edges");
            for (EdgeTotals e : edges) {
                json.writeStartObject();
                json.writeStringField("client", e.client());
                json.writeStringField("server", e.server());
                json.writeStringField("connectionType", e.connectionType());
                json.writeNumberField("requests", e.requests());
                json.writeNumberField("failed", e.failed());
                json.writeNumberField("serverSecondsSum", e.serverSecondsSum());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return body.toByteArray();
    }
}
