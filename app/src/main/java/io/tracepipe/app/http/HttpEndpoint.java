package io.tracepipe.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP port of an instance: {@code /metrics} (Prometheus text or OpenMetrics, by the
 * Accept header; exemplars need OpenMetrics), {@code /healthz} (the process answers) and
 * {@code /readyz} (200 only while the pipeline is ready: RUNNING and in contact with the brokers).
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

    private final HttpServer server;

    private HttpEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on {@code port} (0 picks a free one) on all interfaces. */
    public static HttpEndpoint start(int port, PrometheusRegistry registry, BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        ExpositionFormats formats = ExpositionFormats.init();
        server.createContext("/metrics", exchange -> {
            ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writer.write(body, registry.scrape());
            exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
            send(exchange, 200, body.toByteArray());
        });
        server.createContext("/healthz", exchange -> send(exchange, 200, "ok\n".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/readyz", exchange -> {
            boolean isReady = ready.getAsBoolean();
            send(exchange, isReady ? 200 : 503, (isReady ? "ready\n" : "not ready\n").getBytes(StandardCharsets.UTF_8));
        });
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "tracepipe-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        LOG.info("HTTP on port {}: /metrics /healthz /readyz", server.getAddress().getPort());
        return new HttpEndpoint(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code handler} under {@code path} (a prefix, as {@link HttpServer#createContext} takes it). */
    public void route(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, exchange -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                send(exchange, 500, ("internal error: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, body.length);
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(1);
    }
}
