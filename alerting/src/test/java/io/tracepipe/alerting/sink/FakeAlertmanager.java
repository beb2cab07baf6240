package io.tracepipe.alerting.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A loopback HTTP server standing in for Alertmanager's POST /api/v2/alerts, answering scripted status codes. */
final class FakeAlertmanager implements AutoCloseable {

    /** One request as received. */
    record Request(long receivedNanos, JsonNode body) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private int defaultStatus = 200;
    private CountDownLatch gate = new CountDownLatch(0);

    FakeAlertmanager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/alerts", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers the next requests with these codes, then with {@code thenAlways}. */
    synchronized FakeAlertmanager answering(int thenAlways, Integer... first) {
        script.addAll(List.of(first));
        defaultStatus = thenAlways;
        return this;
    }

    /** Holds every request until {@link #release()}. */
    synchronized void hold() {
        gate = new CountDownLatch(1);
    }

    synchronized void release() {
        gate.countDown();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every alert object of every request, in arrival order. */
    synchronized List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        requests.forEach(request -> request.body().forEach(alerts::add));
        return alerts;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = JSON.readTree(in);
        }
        int status;
        CountDownLatch held;
        synchronized (this) {
            requests.add(new Request(received, body));
            status = script.isEmpty() ? defaultStatus : script.poll();
            held = gate;
        }
        try {
            // Bounded, so that a test that forgets release() fails instead of hanging.
            held.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] answer = (status / 100 == 2 ? "" : "status " + status).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
