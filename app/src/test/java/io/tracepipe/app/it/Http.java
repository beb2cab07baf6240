package io.tracepipe.app.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** {@code /readyz} and {@code /metrics} of a pipeline process. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {}

    /** The status of GET {@code url}, or -1 when nothing answers. */
    static int status(String url) throws InterruptedException {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    static String body(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls until GET {@code url} answers {@code status}; how long that took, or null if it did not within {@code timeout}. */
    static Duration awaitStatus(String url, int status, Duration timeout) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (status(url) == status) {
                return Duration.between(start, Instant.now());
            }
            Thread.sleep(200);
        }
        return null;
    }

    /** The value of a metric line {@code name} (first match, e.g. with labels), or NaN. */
    static double metric(String metricsText, String name) {
        for (String line : metricsText.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }
}
