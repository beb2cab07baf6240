package io.tracepipe.devkit.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/** Start instants of independent user requests at a mean rate: a seeded Poisson process. */
final class Arrivals {
    // Keeps the arrival stream independent of the trace stream seeded with the same seed.
    private static final long ARRIVAL_STREAM = 0x2545_F491_4F6C_DD1DL;

    private final Random random;
    private final double meanGapNanos;
    private Instant next;

    Arrivals(long seed, double perSecond, Instant start) {
        this.random = new Random(seed ^ ARRIVAL_STREAM);
        this.meanGapNanos = 1e9 / perSecond;
        this.next = start.plus(gap());
    }

    Instant peek() {
        return next;
    }

    Instant next() {
        Instant arrival = next;
        next = next.plus(gap());
        return arrival;
    }

    private Duration gap() {
        // Exponential gaps; 1 - u avoids log(0).
        return Duration.ofNanos(Math.max(1L, Math.round(-Math.log(1 - random.nextDouble()) * meanGapNanos)));
    }
}
