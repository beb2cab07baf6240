package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.app.cli.DemoRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The evidence where SREs look, on a running {@code tracepipe demo} with an error fault on stock
 * reservations: a real Prometheus scrapes it and the PromQL that Grafana's service graph and APM
 * table send returns the shop's edges with their rates and the fault's errors; headless Chromium
 * opens the incident page, finds the fault's firing alert, opens its exemplar and sees the
 * critical path marked (screenshot in target/); the alerts link to that page; and the demo's
 * console shows the page, alerts and summaries while the logs go to the file it names.
 */
class IncidentEvidenceIT {
    private static final Pattern PAGE = Pattern.compile("incident page at (http://localhost:(\\d+)/)");
    private static final Pattern LOG_FILE = Pattern.compile("go to (\\S+\\.log)");
    private static final Pattern SUMMARY = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d  \\d+ traces in the last 10s .*$");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void grafanasQueriesAndTheIncidentPageShowTheFault() throws Exception {
        DebianPackages.ensure(CHROMIUM, "chromium", "chromium-driver");
        DebianPackages.ensure(CHROMEDRIVER, "chromium-driver");
        Path config = dir.resolve("demo.yaml");
        Files.writeString(config, """
                assembly:
                  inactivity-gap: 1s
                  punctuate-interval: 250ms
                alerting:
                  window-grace: 2s
                  flush-interval: 500ms
                rules:
                  - name: server-errors
                    severity: critical
                    match: { kind: server }
                    error_rate: { above: 0.2 }
                    window: 5s
                    min_count: 5
                """);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        ExecutorService demoThread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> demo = demoThread.submit(() -> DemoRunner.run(console, Duration.ofSeconds(150), "--rate", "20", "--config",
                    config.toString(), "--faults", "errors inventory POST /reserve 60% from 0s for 10m; period 10m"));
            Matcher page = await(buffer, PAGE, Duration.ofSeconds(120));
            String pageUrl = page.group(1);

            try (PrometheusServer prometheus = PrometheusServer.scraping("127.0.0.1:" + page.group(2), dir)) {
                // Grafana's service-graph queries, with "> 0": every edge of the shop has a non-zero rate.
                awaitResult(prometheus, "sum by (client, server) (rate(traces_service_graph_request_total[1m])) > 0",
                        "{\"client\":\"user\",\"server\":\"frontend\"}", "{\"client\":\"frontend\",\"server\":\"checkout\"}",
                        "{\"client\":\"checkout\",\"server\":\"inventory\"}", "{\"client\":\"checkout\",\"server\":\"payment\"}",
                        "{\"client\":\"checkout\",\"server\":\"orders-db\"}", "{\"client\":\"inventory\",\"server\":\"inventory-db\"}");
                assertThat(awaitResult(prometheus, "group by (client, connection_type, server) (traces_service_graph_request_total)",
                        "\"connection_type\":\"database\"")).contains("\"server\":\"orders-db\"");
                assertThat(awaitResult(prometheus, "sum by (client, server) (rate(traces_service_graph_request_failed_total[1m])) > 0",
                        "\"server\":\"inventory\"")).contains("\"client\":\"checkout\"");
                awaitResult(prometheus, "sum by (client, server) (rate(traces_service_graph_request_server_seconds_sum[1m])) > 0",
                        "\"server\":\"payment\"");
                awaitResult(prometheus, "sum by (client, server, le) (rate(traces_service_graph_request_server_seconds_bucket[1m])) > 0",
                        "\"le\":");
                awaitResult(prometheus, "topk(5, sum(rate(traces_spanmetrics_calls_total{span_kind=\"SPAN_KIND_SERVER\"}[1m])) by (span_name))",
                        "\"span_name\":");
                awaitResult(prometheus, "topk(5, sum(rate(traces_spanmetrics_calls_total{status_code=\"STATUS_CODE_ERROR\","
                        + "span_kind=\"SPAN_KIND_SERVER\"}[1m])) by (span_name))", "\"span_name\":\"POST /reserve\"");
                awaitResult(prometheus, "histogram_quantile(.9, sum(rate(traces_spanmetrics_latency_bucket{span_name=\"POST /charge\"}[1m])) by (le))",
                        "\"result\":[{");
            }

            Path screenshot = Path.of("target", "incident-page.png");
            WebDriver browser = chromium();
            try {
                browser.get(pageUrl);
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120), Duration.ofMillis(500));
                WebElement alert = wait.until(b -> b.findElements(By.cssSelector(".alert[data-status='firing']")).stream()
                        .filter(a -> a.getText().contains("inventory") && a.getText().contains("POST /reserve")).findFirst().orElse(null));
                assertThat(alert.getText()).contains("culprit:");
                assertThat(Http.body(pageUrl + "api/evidence/alerts")).as("the demo links alerts to its own page")
                        .contains("\"links\":[\"" + pageUrl + "#trace=");
                alert.findElement(By.cssSelector("a.exemplar")).click();
                wait.until(b -> !b.findElements(By.cssSelector("tr.span-row.critical")).isEmpty());
                assertThat(browser.findElement(By.id("critical-summary")).getText()).startsWith("critical path:");
                assertThat(browser.findElements(By.cssSelector(".critical-segment"))).isNotEmpty();
                assertThat(browser.findElements(By.cssSelector("tr.error-origin"))).as("the failed exemplar's error origin").hasSize(1);
                wait.until(b -> !b.findElements(By.cssSelector("#graph .edge")).isEmpty());
                Files.createDirectories(screenshot.getParent());
                Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            } finally {
                browser.quit();
            }

            // The console follows the topics on threads of its own, and its first summary comes 10 s after the start:
            // the page may have shown all of this sooner.
            await(buffer, Pattern.compile("(?m)^ALERT .* FIRING .*\\n      evidence: " + Pattern.quote(pageUrl) + "#trace=[0-9a-f]{32}$"),
                    Duration.ofSeconds(60));
            await(buffer, Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d  trace [0-9a-f]{32}  .*ERROR.*$"), Duration.ofSeconds(60));
            await(buffer, SUMMARY, Duration.ofSeconds(60));
            demo.cancel(true);
            demoThread.shutdown();
            assertThat(demoThread.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).as("the demo stops").isTrue();
            List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
            Matcher log = LOG_FILE.matcher(lines.get(0));
            assertThat(log.find()).as(lines.get(0)).isTrue();
            assertThat(Files.readString(Path.of(log.group(1)))).contains("topology:");
        } finally {
            demoThread.shutdownNow();
        }
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + System.getProperty("java.io.tmpdir") + "/tracepipe-chromium-" + System.nanoTime());
        // The Debian driver, named outright, so that Selenium Manager never looks for (or downloads) one.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Matcher await(ByteArrayOutputStream buffer, Pattern pattern, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = pattern.matcher(buffer.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the demo printed no " + pattern + ":\n" + buffer.toString(StandardCharsets.UTF_8));
    }

    /** Queries until the answer holds every expected fragment; fails after two minutes with the last answer. */
    private static String awaitResult(PrometheusServer prometheus, String promql, String... expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = prometheus.query(promql);
            String answer = last;
            if (List.of(expected).stream().allMatch(answer::contains)) {
                return last;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no " + List.of(expected) + " in the answer to " + promql + ": " + last);
    }
}
