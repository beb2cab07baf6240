package io.tracepipe.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(HttpEndpoint endpoint, String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyOnlyWhileThePipelineRuns() throws Exception {
        AtomicBoolean running = new AtomicBoolean(false);
        try (HttpEndpoint endpoint = HttpEndpoint.start(0, new PrometheusRegistry(), running::get)) {
            assertThat(get(endpoint, "/readyz", null).statusCode()).isEqualTo(503);
            assertThat(get(endpoint, "/healthz", null).statusCode()).as("alive even when not ready").isEqualTo(200);
            running.set(true);
            assertThat(get(endpoint, "/readyz", null).statusCode()).isEqualTo(200);
            running.set(false);
            assertThat(get(endpoint, "/readyz", null).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void servesTheRegistryAsPrometheusTextOrOpenMetrics() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("tracepipe_test_things_total").help("things").register(registry).inc(3);
        try (HttpEndpoint endpoint = HttpEndpoint.start(0, registry, () -> true)) {
            HttpResponse<String> text = get(endpoint, "/metrics", null);
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(text.body()).contains("tracepipe_test_things_total 3.0");

            HttpResponse<String> open = get(endpoint, "/metrics", "application/openmetrics-text; version=1.0.0");
            assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
            assertThat(open.body()).contains("tracepipe_test_things_total 3.0").endsWith("# EOF\n");
        }
    }
}
