package io.tracepipe.app.cli;

import io.tracepipe.anomaly.health.HealthReport;
import io.tracepipe.app.health.HealthApi;
import io.tracepipe.app.health.HealthReportJson;
import io.tracepipe.app.health.HealthReportText;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracepipe health}: asks a running instance what its instrumentation checks found and prints the worst offenders. */
@Command(name = "health", description = "Print the worst instrumentation offenders (broken propagation, clock skew, retries, "
        + "attribute cardinality) a running tracepipe instance found, each with an example trace id.")
final class HealthCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://localhost:8080",
            description = "the instance's HTTP address (default ${DEFAULT-VALUE}); each instance reports the traces it assembled")
    String url;

    @Option(names = "--limit", defaultValue = "10", description = "offenders per category (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        return run(System.out, System.err);
    }

    int run(PrintStream out, PrintStream err) throws Exception {
        URI endpoint = URI.create(url.replaceAll("/+$", "") + HealthApi.PATH + "?limit=" + limit);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            err.printf("tracepipe health: cannot reach %s: %s%n", endpoint, e.getMessage());
            return 2;
        }
        if (response.statusCode() != 200) {
            err.printf("tracepipe health: %s answered %d: %s%n", endpoint, response.statusCode(), new String(response.body()).trim());
            return 2;
        }
        HealthReport report;
        try {
            report = HealthReportJson.read(response.body());
        } catch (IllegalArgumentException e) {
            err.printf("tracepipe health: %s did not answer with a report: %s%n", endpoint, e.getMessage());
            return 2;
        }
        out.print(HealthReportText.format(report));
        return 0;
    }
}
