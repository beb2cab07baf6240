package io.tracepipe.alerting.sink;

import io.tracepipe.alerting.Alert;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends alerts to Alertmanager's v2 API without ever blocking the publisher: {@link #publish}
 * only enqueues into a bounded queue (dropping and counting the oldest alert when it is full),
 * and one background thread posts batches, retrying failures with exponential backoff.
 *
 * <p>Retried: connection failures, timeouts, 429 and 5xx. Not retried: other 4xx, which mean
 * the payload itself is wrong and would be refused again.
 */
public final class AlertmanagerSink implements AlertSink {

    private static final System.Logger LOG = System.getLogger(AlertmanagerSink.class.getName());
    private static final Duration IDLE_POLL = Duration.ofMillis(100);

    private final AlertmanagerSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final ArrayBlockingQueue<Alert> queue;
    private final Thread worker;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long closeDeadlineNanos = Long.MAX_VALUE;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private AlertmanagerSink(AlertmanagerSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .build();
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.worker = new Thread(this::run, "tracepipe-alertmanager-sink");
        // A daemon, so that a forgotten close() cannot keep the JVM alive.
        this.worker.setDaemon(true);
    }

    /** A started sink. */
    public static AlertmanagerSink start(AlertmanagerSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /** A started sink whose firing alerts' endsAt is computed from {@code clock}. */
    public static AlertmanagerSink start(AlertmanagerSettings settings, Clock clock) {
        AlertmanagerSink sink = new AlertmanagerSink(settings, clock);
        sink.worker.start();
        return sink;
    }

    @Override
    public void publish(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        if (closing.get()) {
            dropped.incrementAndGet();
            return;
        }
        // Newer alerts carry the newer state of a key, so under pressure the oldest one goes.
        while (!queue.offer(alert)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    /** What happened to the alerts so far. */
    public SinkCounters counters() {
        return new SinkCounters(sent.get(), retried.get(), failed.get(), dropped.get());
    }

    /** Alerts waiting to be sent (not counting a batch being sent). */
    public int queued() {
        return queue.size();
    }

    /**
     * Sends what is queued for at most {@code closeTimeout}, then stops the worker; alerts still
     * queued after that are counted as dropped.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeDeadlineNanos = System.nanoTime() + settings.closeTimeout().toNanos();
        try {
            worker.join(settings.closeTimeout().toMillis() + 1);
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(settings.requestTimeout().toMillis());
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
        }
        List<Alert> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            dropped.addAndGet(left.size());
            LOG.log(System.Logger.Level.WARNING, "dropped {0} alerts still queued for Alertmanager at close", left.size());
        }
    }

    private void run() {
        List<Alert> batch = new ArrayList<>(settings.maxBatch());
        try {
            while (true) {
                Alert first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing.get()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.maxBatch() - 1);
                deliver(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            // close() ran out of time: what is in hand was attempted and is given up on.
            failed.addAndGet(batch.size());
        }
    }

    private void deliver(List<Alert> batch) throws InterruptedException {
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            Result result = post(batch);
            if (result == Result.SENT) {
                sent.addAndGet(batch.size());
                return;
            }
            boolean outOfTime = closing.get() && System.nanoTime() + backoff.toNanos() > closeDeadlineNanos;
            if (result == Result.REJECTED || attempt >= settings.maxAttempts() || outOfTime) {
                failed.addAndGet(batch.size());
                LOG.log(System.Logger.Level.WARNING, "gave up on {0} alerts for Alertmanager after {1} attempts",
                        batch.size(), attempt);
                return;
            }
            retried.addAndGet(batch.size());
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(settings.maxBackoff()) > 0) {
                backoff = settings.maxBackoff();
            }
        }
    }

    private enum Result { SENT, RETRY, REJECTED }

    private Result post(List<Alert> batch) throws InterruptedException {
        byte[] body = AlertmanagerPayload.toJson(batch, clock.instant(), settings.resolveTimeout(), settings.generatorUrl());
        HttpRequest request = HttpRequest.newBuilder(settings.alertsEndpoint())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return Result.SENT;
            }
            LOG.log(System.Logger.Level.WARNING, "Alertmanager answered {0}: {1}", status, abbreviate(response.body()));
            return status == 429 || status / 100 == 5 ? Result.RETRY : Result.REJECTED;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Alertmanager not reachable at {0}: {1}", settings.alertsEndpoint(), e.toString());
            return Result.RETRY;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
