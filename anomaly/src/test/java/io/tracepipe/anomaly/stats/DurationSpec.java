package io.tracepipe.anomaly.stats;

import io.tracepipe.config.Durations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The span durations of a test window, written compactly in the CSV expectation files, in nanoseconds.
 *
 * <ul>
 *   <li>{@code 100ms*980 3200ms*20}: 980 spans of 100 ms then 20 of 3.2 s;
 *   <li>{@code lognormal(200ms,0.6,3000,42)}: 3000 durations with median 200 ms and log-sigma 0.6, seeded;
 *   <li>{@code uniform(10ms,2s,3000,7)}: 3000 durations uniform between 10 ms and 2 s, seeded.
 * </ul>
 * Seeded sequences use {@link java.util.Random}, whose algorithm is fixed by its specification, so
 * the stored expectations hold on every JVM.
 */
public final class DurationSpec {

    private static final Pattern GENERATED = Pattern.compile("(lognormal|uniform)\\(([^,]+),([^,]+),(\\d+),(\\d+)\\)");
    private static final Pattern REPEATED = Pattern.compile("([^*]+)(?:\\*(\\d+))?");

    private DurationSpec() {}

    public static long[] nanos(String spec) {
        String s = spec.trim();
        if (s.isEmpty()) {
            return new long[0];
        }
        Matcher generated = GENERATED.matcher(s.replace(" ", ""));
        if (generated.matches()) {
            return generate(generated);
        }
        List<Long> out = new ArrayList<>();
        for (String item : s.split("\\s+")) {
            Matcher m = REPEATED.matcher(item);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad duration item " + item);
            }
            long nanos = Durations.parse(m.group(1)).toNanos();
            int times = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            for (int i = 0; i < times; i++) {
                out.add(nanos);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] generate(Matcher m) {
        int n = Integer.parseInt(m.group(4));
        Random random = new Random(Long.parseLong(m.group(5)));
        long[] out = new long[n];
        if (m.group(1).equals("lognormal")) {
            double median = Durations.parse(m.group(2)).toNanos();
            double sigma = Double.parseDouble(m.group(3));
            for (int i = 0; i < n; i++) {
                out[i] = Math.round(median * Math.exp(sigma * random.nextGaussian()));
            }
        } else {
            long low = Durations.parse(m.group(2)).toNanos();
            long high = Durations.parse(m.group(3)).toNanos();
            for (int i = 0; i < n; i++) {
                out[i] = low + (long) (random.nextDouble() * (high - low));
            }
        }
        return out;
    }

    /** The exact quantile as the sketch defines it: the value of rank floor(q × (n − 1)) in sorted order; the max for q = 1. */
    public static long exactQuantile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }
}
