package io.tracepipe.devkit.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the shop along a clock: starts traces at the settings' rate (Poisson arrivals), lets the
 * fault schedule switch faults as time passes and returns the records exported so far. Pass
 * {@code Instant.now()} for a real-time demo, or advance a synthetic instant to generate as
 * fast as possible. Not thread-safe.
 */
public final class TrafficPump {
    private final TrafficGenerator generator;
    private final CollectorBatcher batcher;
    private final FaultScheduler scheduler;
    private final Arrivals arrivals;
    private long tracesStarted;
    private long spansStarted;

    public TrafficPump(GeneratorSettings settings, FaultInjector injector, FaultSchedule schedule, Instant start) {
        this.generator = new TrafficGenerator(settings, injector);
        this.batcher = new CollectorBatcher(settings);
        this.scheduler = new FaultScheduler(schedule, injector, start);
        this.arrivals = new Arrivals(settings.seed(), settings.tracesPerSecond(), start);
    }

    /** Starts every trace that arrives by {@code now} and returns the records exported by {@code now}. */
    public List<OtlpRecord> advanceTo(Instant now) {
        while (!arrivals.peek().isAfter(now)) {
            start(arrivals.next());
        }
        scheduler.advanceTo(now);
        return batcher.flush(now);
    }

    /** Starts exactly one trace, at its arrival time, and returns the records exported by then. */
    public List<OtlpRecord> startNext() {
        Instant at = arrivals.next();
        start(at);
        return batcher.flush(at);
    }

    /** When the next trace will start. */
    public Instant nextArrival() {
        return arrivals.peek();
    }

    /** Exports every span still waiting, as at the end of a run. */
    public List<OtlpRecord> drain() {
        return new ArrayList<>(batcher.flushAll());
    }

    public long tracesStarted() {
        return tracesStarted;
    }

    public long spansStarted() {
        return spansStarted;
    }

    private void start(Instant at) {
        // Faults are looked at when a trace starts, so a trace sees one consistent set of faults.
        scheduler.advanceTo(at);
        GeneratedTrace trace = generator.nextTrace(at);
        batcher.offer(trace);
        tracesStarted++;
        spansStarted += trace.spanCount();
    }
}
