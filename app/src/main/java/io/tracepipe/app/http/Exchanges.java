package io.tracepipe.app.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Answers to HTTP exchanges (never cached: every answer is about the pipeline's state now) and what requests carry. */
public final class Exchanges {
    private Exchanges() {}

    public static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    public static void json(HttpExchange exchange, byte[] body) throws IOException {
        send(exchange, 200, "application/json", body);
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        HttpEndpoint.send(exchange, status, body);
    }

    /** The query parameters (the last of a repeated one wins), URL-decoded. */
    public static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    /** The rest of the path after {@code prefix}, e.g. the id of {@code /api/traces/ID}. */
    public static String tail(HttpExchange exchange, String prefix) {
        String path = exchange.getRequestURI().getPath();
        return path.length() > prefix.length() ? path.substring(prefix.length()) : "";
    }

    /** True for GET (and HEAD); otherwise answers 405 and returns false. */
    public static boolean isGet(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod())) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET");
        text(exchange, 405, "only GET is served here\n");
        return false;
    }
}
