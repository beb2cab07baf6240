package io.tracepipe.devkit.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small builder for generated traffic in tests: settings, faults, how many traces of which kind. */
final class Traffic {
    static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    private GeneratorSettings settings = GeneratorSettings.defaults(42).withNaturalFailureRate(0);
    private FaultInjector faults = new FaultInjector();

    static Traffic withSeed(long seed) {
        Traffic traffic = new Traffic();
        traffic.settings = traffic.settings.withSeed(seed);
        return traffic;
    }

    Traffic only(TraceKind kind) {
        settings = settings.withMix(TraceMix.only(kind));
        return this;
    }

    Traffic naturalFailures(double rate) {
        settings = settings.withNaturalFailureRate(rate);
        return this;
    }

    Traffic maxSpansPerRecord(int max) {
        settings = settings.withMaxSpansPerRecord(max);
        return this;
    }

    Traffic with(Fault... active) {
        faults = new FaultInjector(active);
        return this;
    }

    GeneratorSettings settings() {
        return settings;
    }

    /** {@code count} traces, one every 20 ms of simulated time. */
    List<GeneratedTrace> traces(int count) {
        TrafficGenerator generator = new TrafficGenerator(settings, faults);
        List<GeneratedTrace> traces = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            traces.add(generator.nextTrace(T0.plus(Duration.ofMillis(20L * i))));
        }
        return traces;
    }

    GeneratedTrace trace() {
        return traces(1).get(0);
    }

    /** The traces' records, flushed as a collector would, then drained. */
    List<OtlpRecord> records(List<GeneratedTrace> traces) {
        CollectorBatcher batcher = new CollectorBatcher(settings);
        List<OtlpRecord> records = new ArrayList<>();
        for (GeneratedTrace trace : traces) {
            batcher.offer(trace);
            records.addAll(batcher.flush(trace.start()));
        }
        records.addAll(batcher.flushAll());
        return records;
    }
}
