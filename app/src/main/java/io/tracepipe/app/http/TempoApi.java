package io.tracepipe.app.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.CodedOutputStream;
import com.sun.net.httpserver.HttpExchange;
import io.tracepipe.app.query.TraceLookup;
import io.tracepipe.app.query.TraceSearches;
import io.tracepipe.ingest.OtlpJsonWriter;
import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.ingest.evidence.TraceSearch;
import io.tracepipe.topology.assembly.StoredTrace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;

/**
 * The part of Tempo's HTTP API that Grafana's Tempo data source uses, answered from the state
 * stores: {@code GET /api/v2/traces/{id}} and {@code /api/traces/{id}} (protobuf when the Accept
 * header asks for {@code application/protobuf}: a {@code tempopb.TraceByIDResponse} for v2, whose
 * field 1 is the trace, its field 3 {@code PARTIAL} for a trace still in flight; the trace itself
 * — OTLP {@code TracesData}'s wire shape — for v1; otherwise OTLP/JSON), {@code /api/search},
 * {@code /api/echo} and {@code /api/status/buildinfo}; and the internal endpoints through which
 * instances ask each other.
 */
public final class TempoApi {
    static final String PROTOBUF = "application/protobuf";
    private static final String PARTIAL_MESSAGE = "the trace is still being assembled: more spans may arrive";
    private static final int PARTIAL_STATUS = 1;

    private final TraceLookup lookup;
    private final TraceSearches searches;
    private final String version;

    public TempoApi(TraceLookup lookup, TraceSearches searches, String version) {
        this.lookup = lookup;
        this.searches = searches;
        this.version = version;
    }

    /** Adds the API's routes to {@code http}. */
    public void register(HttpEndpoint http) {
        http.route("/api/echo", exchange -> Exchanges.text(exchange, 200, "echo"));
        http.route("/api/status/buildinfo", this::buildInfo);
        http.route("/api/traces/", exchange -> traceById(exchange, "/api/traces/", false));
        http.route("/api/v2/traces/", exchange -> traceById(exchange, "/api/v2/traces/", true));
        http.route("/api/search", this::search);
        http.route(TraceLookup.INTERNAL_PATH, this::internalTrace);
        http.route(TraceSearches.INTERNAL_PATH, exchange -> {
            TraceSearch search = parseSearch(exchange);
            if (search != null) {
                Exchanges.text(exchange, 200, TraceSearches.encode(searches.local(search)));
            }
        });
    }

    private void buildInfo(HttpExchange exchange) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = OtlpJsonWriter.generator(body)) {
            json.writeStartObject();
            json.writeStringField("version", version);
            json.writeStringField("revision", "");
            json.writeStringField("branch", "");
            json.writeStringField("buildDate", "");
            json.writeStringField("buildUser", "");
            json.writeStringField("goVersion", "");
            json.writeStringField("application", "tracepipe");
            json.writeEndObject();
        }
        Exchanges.json(exchange, body.toByteArray());
    }

    private void traceById(HttpExchange exchange, String prefix, boolean v2) throws IOException {
        if (!Exchanges.isGet(exchange)) {
            return;
        }
        byte[] id = TraceLookup.parseId(Exchanges.tail(exchange, prefix));
        if (id == null) {
            Exchanges.text(exchange, 400, "invalid trace id: expected up to 32 hex digits\n");
            return;
        }
        TraceLookup.Result result = lookup.find(id);
        if (result instanceof TraceLookup.NotFound) {
            Exchanges.text(exchange, 404, "trace not found\n");
        } else if (result instanceof TraceLookup.Unavailable unavailable) {
            Exchanges.text(exchange, 503, unavailable.reason() + "\n");
        } else {
            StoredTrace trace = ((TraceLookup.Found) result).trace();
            exchange.getResponseHeaders().set(TraceLookup.PARTIAL_HEADER, Boolean.toString(trace.partial()));
            exchange.getResponseHeaders().set(TraceLookup.ANSWERED_BY_HEADER, ((TraceLookup.Found) result).answeredBy());
            if (wantsProtobuf(exchange)) {
                Exchanges.send(exchange, 200, PROTOBUF, v2 ? traceByIdResponse(trace) : trace.data().toByteArray());
            } else {
                Exchanges.json(exchange, json(trace, v2));
            }
        }
    }

    private void internalTrace(HttpExchange exchange) throws IOException {
        byte[] id = TraceLookup.parseId(Exchanges.tail(exchange, TraceLookup.INTERNAL_PATH));
        if (id == null) {
            Exchanges.text(exchange, 400, "invalid trace id\n");
            return;
        }
        TraceLookup.Result result = lookup.local(id);
        if (result instanceof TraceLookup.Found found) {
            exchange.getResponseHeaders().set(TraceLookup.PARTIAL_HEADER, Boolean.toString(found.trace().partial()));
            Exchanges.send(exchange, 200, PROTOBUF, found.trace().data().toByteArray());
        } else if (result instanceof TraceLookup.Unavailable unavailable) {
            Exchanges.text(exchange, 503, unavailable.reason() + "\n");
        } else {
            Exchanges.text(exchange, 404, "trace not found\n");
        }
    }

    private void search(HttpExchange exchange) throws IOException {
        if (!Exchanges.isGet(exchange)) {
            return;
        }
        TraceSearch search = parseSearch(exchange);
        if (search == null) {
            return;
        }
        TraceSearches.Hits hits = searches.everywhere(search, exchange.getRequestURI().getRawQuery());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = OtlpJsonWriter.generator(body)) {
            json.writeStartObject();
            json.writeArrayFieldStart("traces");
            for (TraceSummary s : hits.traces()) {
                json.writeStartObject();
                json.writeStringField("traceID", s.traceId());
                json.writeStringField("rootServiceName", s.rootService());
                json.writeStringField("rootTraceName", s.rootOperation());
                json.writeStringField("startTimeUnixNano", Long.toUnsignedString(s.startUnixNanos()));
                json.writeNumberField("durationMs", s.duration().toMillis());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("metrics");
            json.writeNumberField("inspectedTraces", hits.inspected());
            json.writeEndObject();
            json.writeEndObject();
        }
        Exchanges.json(exchange, body.toByteArray());
    }

    private static TraceSearch parseSearch(HttpExchange exchange) throws IOException {
        try {
            return TraceSearch.parse(Exchanges.query(exchange));
        } catch (IllegalArgumentException e) {
            Exchanges.text(exchange, 400, e.getMessage() + "\n");
            return null;
        }
    }

    private static boolean wantsProtobuf(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(PROTOBUF);
    }

    /** {@code tempopb.TraceByIDResponse}: field 1 the trace; for a trace in flight, field 3 {@code PARTIAL} and field 4 why. */
    static byte[] traceByIdResponse(StoredTrace trace) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeBytes(1, trace.data().toByteString());
        if (trace.partial()) {
            out.writeEnum(3, PARTIAL_STATUS);
            out.writeString(4, PARTIAL_MESSAGE);
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** v1: Tempo's {@code {"batches": [...]}}; v2: {@code {"trace": {"resourceSpans": [...]}, "status": ..., "message": ...}}. */
    private static byte[] json(StoredTrace trace, boolean v2) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = OtlpJsonWriter.generator(body)) {
            json.writeStartObject();
            if (v2) {
                json.writeObjectFieldStart("trace");
                OtlpJsonWriter.writeResourceSpans(json, "resourceSpans", trace.data().getResourceSpansList());
                json.writeEndObject();
                if (trace.partial()) {
                    json.writeStringField("status", "PARTIAL");
                    json.writeStringField("message", PARTIAL_MESSAGE);
                }
            } else {
                OtlpJsonWriter.writeResourceSpans(json, "batches", trace.data().getResourceSpansList());
            }
            json.writeEndObject();
        }
        return body.toByteArray();
    }
}
