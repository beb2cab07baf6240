package io.tracepipe.alerting.sink;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link AlertmanagerSink} talks to Alertmanager.
 *
 * @param url Alertmanager's base URL, e.g. {@code http://alertmanager:9093}; alerts go to {@code {url}/api/v2/alerts}
 * @param resolveTimeout how far in the future a firing alert's {@code endsAt} is set, so that
 *     Alertmanager resolves it by itself only if tracepipe stops re-publishing it; must exceed
 *     the lifecycle's repeat interval (see {@link #resolveTimeoutFor})
 * @param generatorUrl the alerts' {@code generatorURL}; {@code {trace_id}} is replaced by the first
 *     exemplar (e.g. {@code http://jaeger:16686/trace/{trace_id}}); empty for none
 * @param queueCapacity alerts waiting to be sent; beyond it the oldest is dropped
 * @param maxBatch alerts sent in one request
 * @param initialBackoff wait before the first retry, doubled for each next one
 * @param maxBackoff longest wait between two attempts
 * @param maxAttempts attempts per batch, the first included
 * @param requestTimeout bound on connecting and on one request
 * @param closeTimeout how long {@code close()} keeps delivering what is queued
 */
public record AlertmanagerSettings(
        URI url,
        Duration resolveTimeout,
        String generatorUrl,
        int queueCapacity,
        int maxBatch,
        Duration initialBackoff,
        Duration maxBackoff,
        int maxAttempts,
        Duration requestTimeout,
        Duration closeTimeout) {

    /** The default resolve timeout: one hour, or twice the repeat interval if that is longer. */
    public static Duration resolveTimeoutFor(Duration repeatInterval) {
        Duration twice = repeatInterval.multipliedBy(2);
        return twice.compareTo(Duration.ofHours(1)) > 0 ? twice : Duration.ofHours(1);
    }

    /**
     * Defaults: resolve timeout from {@link #resolveTimeoutFor}, 1000 queued alerts, batches of
     * 64, backoff 200 ms doubling to 10 s over at most 8 attempts (about 23 s), requests bounded
     * by 5 s, 5 s to flush at close.
     */
    public static AlertmanagerSettings defaults(URI url, Duration repeatInterval) {
        return new AlertmanagerSettings(url, resolveTimeoutFor(repeatInterval), "", 1000, 64,
                Duration.ofMillis(200), Duration.ofSeconds(10), 8, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    public AlertmanagerSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(generatorUrl, "generatorUrl");
        positive(resolveTimeout, "resolveTimeout");
        positive(initialBackoff, "initialBackoff");
        positive(maxBackoff, "maxBackoff");
        positive(requestTimeout, "requestTimeout");
        positive(closeTimeout, "closeTimeout");
        if (queueCapacity < 1 || maxBatch < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("queueCapacity, maxBatch and maxAttempts must be at least 1");
        }
    }

    /** The endpoint alerts are posted to. */
    public URI alertsEndpoint() {
        String base = url.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts");
    }

    public AlertmanagerSettings withResolveTimeout(Duration timeout) {
        return new AlertmanagerSettings(url, timeout, generatorUrl, queueCapacity, maxBatch,
                initialBackoff, maxBackoff, maxAttempts, requestTimeout, closeTimeout);
    }

    public AlertmanagerSettings withGeneratorUrl(String template) {
        return new AlertmanagerSettings(url, resolveTimeout, template, queueCapacity, maxBatch,
                initialBackoff, maxBackoff, maxAttempts, requestTimeout, closeTimeout);
    }

    public AlertmanagerSettings withQueueCapacity(int capacity) {
        return new AlertmanagerSettings(url, resolveTimeout, generatorUrl, capacity, maxBatch,
                initialBackoff, maxBackoff, maxAttempts, requestTimeout, closeTimeout);
    }

    public AlertmanagerSettings withRetries(Duration initial, Duration max, int attempts) {
        return new AlertmanagerSettings(url, resolveTimeout, generatorUrl, queueCapacity, maxBatch,
                initial, max, attempts, requestTimeout, closeTimeout);
    }

    public AlertmanagerSettings withRequestTimeout(Duration timeout) {
        return new AlertmanagerSettings(url, resolveTimeout, generatorUrl, queueCapacity, maxBatch,
                initialBackoff, maxBackoff, maxAttempts, timeout, closeTimeout);
    }

    public AlertmanagerSettings withCloseTimeout(Duration timeout) {
        return new AlertmanagerSettings(url, resolveTimeout, generatorUrl, queueCapacity, maxBatch,
                initialBackoff, maxBackoff, maxAttempts, requestTimeout, timeout);
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
