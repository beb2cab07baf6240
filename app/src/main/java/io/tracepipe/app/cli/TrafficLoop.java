package io.tracepipe.app.cli;

import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.TrafficPump;
import io.tracepipe.devkit.kafka.SpanPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drives the traffic generator along the wall clock and publishes what it exports, until stopped. */
final class TrafficLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficLoop.class);
    private static final Duration TICK = Duration.ofMillis(100);

    private final TrafficPump pump;
    private final SpanPublisher publisher;
    private final AtomicBoolean running = new AtomicBoolean(true);

    TrafficLoop(TrafficPump pump, SpanPublisher publisher) {
        this.pump = pump;
        this.publisher = publisher;
    }

    @Override
    public void run() {
        try {
            while (running.get()) {
                for (OtlpRecord record : pump.advanceTo(Instant.now())) {
                    publisher.publish(record);
                }
                Thread.sleep(TICK.toMillis());
            }
            pump.drain().forEach(publisher::publish);
            publisher.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("traffic generator stopped", e);
        }
    }

    void stop() {
        running.set(false);
    }
}
