package io.tracepipe.devkit.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fixed workloads in simulated time, for tests and benchmarks: all spans of all traces, batched. */
public final class Workload {
    private Workload() {}

    /** {@code traceCount} traces arriving from {@code start} at the settings' rate, without faults. */
    public static List<OtlpRecord> generate(GeneratorSettings settings, int traceCount, Instant start) {
        return generate(settings, traceCount, start, FaultSchedule.NONE);
    }

    /** As {@link #generate(GeneratorSettings, int, Instant)}, with {@code schedule} starting at {@code start}. */
    public static List<OtlpRecord> generate(GeneratorSettings settings, int traceCount, Instant start, FaultSchedule schedule) {
        TrafficPump pump = new TrafficPump(settings, new FaultInjector(), schedule, start);
        List<OtlpRecord> records = new ArrayList<>();
        for (int i = 0; i < traceCount; i++) {
            records.addAll(pump.startNext());
        }
        records.addAll(pump.drain());
        return records;
    }
}
