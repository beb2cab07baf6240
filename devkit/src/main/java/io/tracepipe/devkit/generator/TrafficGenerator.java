package io.tracepipe.devkit.generator;

import java.time.Instant;
import java.util.Random;

/**
 * Builds whole traces of the shop's traffic, deterministically from the settings' seed: the same
 * seed, calls and active faults give byte-identical traces. Not thread-safe; faults may be
 * switched from other threads through the {@link FaultInjector}.
 */
public final class TrafficGenerator {
    // Odd constant (golden ratio) that decorrelates a trace's fault draws from its main stream.
    private static final long FAULT_STREAM = 0x9E37_79B9_7F4A_7C15L;

    private final GeneratorSettings settings;
    private final FaultInjector faults;
    private final ShopTopology topology = ShopTopology.standard();
    private final Random traceSeeds;

    public TrafficGenerator(GeneratorSettings settings) {
        this(settings, new FaultInjector());
    }

    public TrafficGenerator(GeneratorSettings settings, FaultInjector faults) {
        this.settings = settings;
        this.faults = faults;
        this.traceSeeds = new Random(settings.seed());
    }

    /** The next trace, of a kind drawn from the settings' mix, with its root span starting at {@code start}. */
    public GeneratedTrace nextTrace(Instant start) {
        Random random = new Random(traceSeeds.nextLong());
        TraceKind kind = settings.mix().pick(random.nextDouble());
        return play(kind, start, random);
    }

    /** The next trace, of the given kind; consumes the seed stream like {@link #nextTrace(Instant)}. */
    public GeneratedTrace nextTrace(TraceKind kind, Instant start) {
        return play(kind, start, new Random(traceSeeds.nextLong()));
    }

    private GeneratedTrace play(TraceKind kind, Instant start, Random random) {
        // Each trace draws from its own stream, so one trace changing shape under a fault does not
        // shift the ids and timings of every later trace.
        Random faultDraws = new Random(random.nextLong() * FAULT_STREAM);
        return new ShopFlows(topology, settings, random, faultDraws, faults.active()).play(kind, start);
    }
}
