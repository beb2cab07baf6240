package io.tracepipe.anomaly.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * The windows a rule evaluates: {@code size} long, one starting every {@code advance}, aligned to
 * the epoch. Tumbling when advance equals size, hopping (overlapping) when smaller. Windows are
 * half-open: {@code [start, start + size)}.
 */
public record Windowing(Duration size, Duration advance) {

    public Windowing {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(advance, "advance");
        if (size.toMillis() < 1 || !size.equals(Duration.ofMillis(size.toMillis()))) {
            throw new IllegalArgumentException("window must be a positive whole number of milliseconds: " + size);
        }
        if (advance.toMillis() < 1 || !advance.equals(Duration.ofMillis(advance.toMillis()))) {
            throw new IllegalArgumentException("advance must be a positive whole number of milliseconds: " + advance);
        }
        if (advance.compareTo(size) > 0 || size.toMillis() % advance.toMillis() != 0) {
            throw new IllegalArgumentException("advance " + advance + " must divide window " + size);
        }
    }

    /** Tumbling windows of {@code size}. */
    public static Windowing tumbling(Duration size) {
        return new Windowing(size, size);
    }

    /** The start times (epoch ms, ascending) of every window that contains {@code timestampMs}: size / advance of them. */
    public long[] startsContaining(long timestampMs) {
        long sizeMs = size.toMillis();
        long advanceMs = advance.toMillis();
        long latest = Math.floorDiv(timestampMs, advanceMs) * advanceMs;
        int n = (int) (sizeMs / advanceMs);
        long[] starts = new long[n];
        for (int i = 0; i < n; i++) {
            starts[i] = latest - (long) (n - 1 - i) * advanceMs;
        }
        return starts;
    }

    /** The end (exclusive, epoch ms) of the window starting at {@code startMs}. */
    public long endOf(long startMs) {
        return startMs + size.toMillis();
    }

    /** Whether windows overlap. */
    public boolean isHopping() {
        return advance.compareTo(size) < 0;
    }
}
