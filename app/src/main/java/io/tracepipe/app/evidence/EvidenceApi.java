package io.tracepipe.app.evidence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import io.tracepipe.app.http.HttpEndpoint;
import io.tracepipe.app.metrics.ServiceGraphMetrics;
import io.tracepipe.app.metrics.ServiceGraphMetrics.EdgeTotals;
import io.tracepipe.app.query.Peers;
import io.tracepipe.app.query.TraceLookup;
import io.tracepipe.ingest.Ids;
import io.tracepipe.ingest.OtlpJsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    public void register(HttpEndpoint http) {
        http.route("/", this::page);
        http.route("/api/evidence/alerts", exchange -> send(exchange, "application/json",
                ("[" + String.join(",", alerts.json()) + "]").getBytes(StandardCharsets.UTF_8)));
        http.route("/api/evidence/traces/", this::trace);
        http.route("/api/evidence/service-graph", exchange -> send(exchange, "application/json", graphJson(everywhere())));
        http.route(INTERNAL_GRAPH, exchange -> send(exchange, "text/plain; charset=utf-8",
                encode(graph.totals()).getBytes(StandardCharsets.UTF_8)));
    }

    private void page(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/") && !path.equals("/index.html")) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = EvidenceApi.class.getResourceAsStream(PAGE)) {
            send(exchange, "text/html; charset=utf-8", in.readAllBytes());
        }
    }

    private void trace(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/api/evidence/traces/".length()).toLowerCase(Locale.ROOT);
        if (!id.matches("[0-9a-f]{1,32}")) {
            send(exchange, 400, "text/plain; charset=utf-8", "invalid trace id\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String hex = "0".repeat(32 - id.length()) + id;
        TraceLookup.Result result = lookup.find(Ids.fromHex(hex));
        if (result instanceof TraceLookup.Found found) {
            send(exchange, "application/json", TraceEvidence.json(hex, found.trace()));
        } else {
            int status = result instanceof TraceLookup.NotFound ? 404 : 503;
            send(exchange, status, "text/plain; charset=utf-8", (status == 404 ? "trace not found\n"
                    : ((TraceLookup.Unavailable) result).reason() + "\n").getBytes(StandardCharsets.UTF_8));
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

    static String encode(List<EdgeTotals> edges) {
        StringBuilder out = new StringBuilder();
        for (EdgeTotals e : edges) {
            out.append(enc(e.client())).append(' ').append(enc(e.server())).append(' ').append(enc(e.connectionType())).append(' ')
                    .append(e.requests()).append(' ').append(e.failed()).append(' ').append(e.serverSecondsSum()).append('\n');
        }
        return out.toString();
    }

    static List<EdgeTotals> decode(String text) {
        return text.lines().map(line -> line.split(" ", -1)).filter(f -> f.length == 6)
                .map(f -> new EdgeTotals(dec(f[0]), dec(f[1]), dec(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), Double.parseDouble(f[5])))
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

    // Every field gets a leading 'v', so that an empty one is still a field.
    private static String enc(String s) {
        return "v" + URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s.substring(1), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        send(exchange, 200, contentType, body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, body.length);
            out.write(body);
        }
    }
}
