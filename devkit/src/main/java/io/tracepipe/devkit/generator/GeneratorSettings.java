package io.tracepipe.devkit.generator;

import java.time.Duration;

/**
 * Everything that shapes the generated traffic: the seed, the trace mix and sizes, the arrival
 * rate, the rate of ordinary business failures (unknown products, declined cards) and the
 * collector batching.
 */
public record GeneratorSettings(
        long seed,
        TraceMix mix,
        TraceSizes sizes,
        double tracesPerSecond,
        double naturalFailureRate,
        int maxSpansPerRecord,
        Duration flushInterval) {

    public GeneratorSettings {
        if (mix == null || sizes == null || flushInterval == null) {
            throw new IllegalArgumentException("mix, sizes and flushInterval are required");
        }
        if (!(tracesPerSecond > 0) || Double.isInfinite(tracesPerSecond)) {
            throw new IllegalArgumentException("tracesPerSecond must be positive, was " + tracesPerSecond);
        }
        if (!(naturalFailureRate >= 0 && naturalFailureRate <= 1)) {
            throw new IllegalArgumentException("naturalFailureRate must be in [0, 1], was " + naturalFailureRate);
        }
        if (maxSpansPerRecord < 1) {
            throw new IllegalArgumentException("maxSpansPerRecord must be at least 1, was " + maxSpansPerRecord);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive, was " + flushInterval);
        }
    }

    /** 50 traces/s, 1% business failures, records of up to 256 spans flushed every 200 ms. */
    public static GeneratorSettings defaults(long seed) {
        return new GeneratorSettings(seed, TraceMix.DEFAULT, TraceSizes.DEFAULT, 50, 0.01, 256, Duration.ofMillis(200));
    }

    public GeneratorSettings withSeed(long newSeed) {
        return new GeneratorSettings(newSeed, mix, sizes, tracesPerSecond, naturalFailureRate, maxSpansPerRecord, flushInterval);
    }

    public GeneratorSettings withMix(TraceMix newMix) {
        return new GeneratorSettings(seed, newMix, sizes, tracesPerSecond, naturalFailureRate, maxSpansPerRecord, flushInterval);
    }

    public GeneratorSettings withSizes(TraceSizes newSizes) {
        return new GeneratorSettings(seed, mix, newSizes, tracesPerSecond, naturalFailureRate, maxSpansPerRecord, flushInterval);
    }

    public GeneratorSettings withTracesPerSecond(double rate) {
        return new GeneratorSettings(seed, mix, sizes, rate, naturalFailureRate, maxSpansPerRecord, flushInterval);
    }

    public GeneratorSettings withNaturalFailureRate(double rate) {
        return new GeneratorSettings(seed, mix, sizes, tracesPerSecond, rate, maxSpansPerRecord, flushInterval);
    }

    public GeneratorSettings withMaxSpansPerRecord(int max) {
        return new GeneratorSettings(seed, mix, sizes, tracesPerSecond, naturalFailureRate, max, flushInterval);
    }

    public GeneratorSettings withFlushInterval(Duration interval) {
        return new GeneratorSettings(seed, mix, sizes, tracesPerSecond, naturalFailureRate, maxSpansPerRecord, interval);
    }
}
