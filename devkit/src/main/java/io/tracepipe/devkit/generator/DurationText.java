package io.tracepipe.devkit.generator;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compact durations such as {@code 800ms}, {@code 45s}, {@code 4m}, {@code 1h}: one whole number and one unit. */
final class DurationText {
    private static final Pattern FORM = Pattern.compile("(\\d+)(ns|us|ms|s|m|h)");

    private DurationText() {}

    static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration like 800ms, 30s, 4m or 1h: '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ns":
                return Duration.ofNanos(amount);
            case "us":
                return Duration.ofNanos(Math.multiplyExact(amount, 1_000L));
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
            default:
                return Duration.ofHours(amount);
        }
    }

    /** The largest unit that represents {@code duration} exactly, so that {@link #parse} reads it back unchanged. */
    static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos != 0 && nanos % Duration.ofHours(1).toNanos() == 0) {
            return duration.toHours() + "h";
        }
        if (nanos != 0 && nanos % Duration.ofMinutes(1).toNanos() == 0) {
            return duration.toMinutes() + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return duration.toSeconds() + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return duration.toMillis() + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
