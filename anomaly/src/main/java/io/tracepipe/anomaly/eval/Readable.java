package io.tracepipe.anomaly.eval;

import io.tracepipe.config.Durations;
import java.time.Duration;
import java.util.Locale;

/** Formats numbers for the one-line verdict summaries people read in alerts. */
final class Readable {

    private Readable() {}

    /** Seconds: {@code 3.20 s}, {@code 0.31 s}; below 10 ms in milliseconds, {@code 4.2 ms}, so they do not read as zero. */
    static String seconds(double seconds) {
        if (seconds != 0 && Math.abs(seconds) < 0.01) {
            return String.format(Locale.ROOT, "%.1f ms", seconds * 1000);
        }
        return String.format(Locale.ROOT, "%.2f s", seconds);
    }

    /** A fraction as a percentage: {@code 12.5%}; small non-zero rates keep three decimals, {@code 0.012%}. */
    static String percent(double fraction) {
        double percent = fraction * 100;
        if (percent != 0 && Math.abs(percent) < 0.1) {
            return String.format(Locale.ROOT, "%.3f%%", percent);
        }
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }

    static String duration(Duration d) {
        return Durations.format(d);
    }
}
