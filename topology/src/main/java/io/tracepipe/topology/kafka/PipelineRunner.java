package io.tracepipe.topology.kafka;

import io.tracepipe.topology.TracepipeTopology;
import io.tracepipe.topology.config.TracepipeConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@link KafkaStreams} client of the pipeline: creates missing topics, starts the
 * topology, reports its state and closes it with a timeout. Holds no topology logic.
 */
public final class PipelineRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private PipelineRunner(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Creates the topics that are missing and starts the pipeline. */
    public static PipelineRunner start(TracepipeConfig config) {
        TopicCreator.createMissing(StreamsProperties.client(config), config.topics());
        Topology topology = new TracepipeTopology(config.topics().names(), config.encoding(), config.assembly()).get();
        LOG.info("topology:\n{}", topology.describe());
        KafkaStreams streams = new KafkaStreams(topology, StreamsProperties.streams(config));
        PipelineRunner runner = new PipelineRunner(streams);
        streams.setStateListener((now, before) -> {
            LOG.info("pipeline {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                runner.stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("pipeline failed", e);
            runner.failure.compareAndSet(null, e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return runner;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Waits until the client is RUNNING; false if it did not get there in time. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!isRunning()) {
            if (Instant.now().isAfter(deadline) || stopped.getCount() == 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Blocks until the pipeline stops (closed, or failed). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** The error that stopped the pipeline, if any. */
    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
        stopped.countDown();
    }
}
