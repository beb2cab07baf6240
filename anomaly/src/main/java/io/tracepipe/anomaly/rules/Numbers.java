package io.tracepipe.anomaly.rules;

/**
 * Numbers in span attribute values, for the attribute conditions: a numeric string attribute
 * ({@code "500"}) compares as a number. Configuration values have their own syntax (config's
 * {@code Scalars}); attribute values come from instrumentation, not from YAML.
 */
final class Numbers {

    private Numbers() {}

    /** The number written in {@code text}, or null when it is not one. */
    static Double parse(String text) {
        String t = text.trim();
        // Double.parseDouble also takes "NaN", "Infinity" and hex floats; attributes never mean those
        if (t.isEmpty() || !t.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return null;
        }
        return Double.valueOf(t);
    }

    /** Compares a number with a bound, exactly for whole Longs (which a double cannot always hold). */
    static int compare(Number value, double bound) {
        if ((value instanceof Long || value instanceof Integer) && bound == Math.rint(bound)
                && Math.abs(bound) < 0x1p63) {
            return Long.compare(value.longValue(), (long) bound);
        }
        return Double.compare(value.doubleValue(), bound);
    }
}
