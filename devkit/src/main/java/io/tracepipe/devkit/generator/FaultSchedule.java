package io.tracepipe.devkit.generator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A repeating plan of faults by offset from a start instant, e.g.
 * {@code latency payment POST /charge +800ms from 30s for 60s; errors inventory POST /reserve 50% from 120s for 45s; period 4m}.
 * {@link #toString()} gives that compact form back and {@link #parse} reads it.
 */
public record FaultSchedule(List<Entry> entries, Duration period) {
    // Declared first: the constants below are built from it during class initialisation.
    private static final Duration DEFAULT_PERIOD = Duration.ofMinutes(1);
    private static final Set<String> INSTRUMENTATION_KINDS = Set.of("drops-context", "clock-skew", "retries", "request-ids");
    /** The demo's story: a slow payment provider, a quiet spell, then failing stock reservations. */
    public static final String DEMO_TEXT = "latency payment POST /charge +800ms from 30s for 60s; "
            + "errors inventory POST /reserve 50% from 120s for 45s; period 4m";
    public static final FaultSchedule DEMO = parse(DEMO_TEXT);
    /** No faults ever. */
    public static final FaultSchedule NONE = new FaultSchedule(List.of(), DEFAULT_PERIOD);

    public FaultSchedule {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        entries = List.copyOf(entries);
        for (Entry entry : entries) {
            if (entry.from().plus(entry.length()).compareTo(period) > 0) {
                throw new IllegalArgumentException("'" + entry + "' does not fit in the period of " + DurationText.format(period));
            }
        }
    }

    /** One fault, switched on {@code from} after each period's start and off {@code length} later. */
    public record Entry(Fault fault, Duration from, Duration length) {
        public Entry {
            if (fault == null || from == null || length == null) {
                throw new IllegalArgumentException("fault, from and length are required");
            }
            if (from.isNegative() || length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("need from >= 0 and length > 0 for " + fault);
            }
        }

        /** The fault's compact form, which names it in logs and dashboards. */
        public String name() {
            return fault.toString();
        }

        boolean activeAt(Duration offsetInPeriod) {
            return offsetInPeriod.compareTo(from) >= 0 && offsetInPeriod.compareTo(from.plus(length)) < 0;
        }

        @Override
        public String toString() {
            return fault + " from " + DurationText.format(from) + " for " + DurationText.format(length);
        }
    }

    /** The faults that are on {@code sinceStart} after the schedule started; none before it started. */
    public Set<Fault> activeAt(Duration sinceStart) {
        if (sinceStart.isNegative()) {
            return Set.of();
        }
        Duration offset = Duration.ofNanos(Math.floorMod(sinceStart.toNanos(), period.toNanos()));
        Set<Fault> active = new LinkedHashSet<>();
        for (Entry entry : entries) {
            if (entry.activeAt(offset)) {
                active.add(entry.fault());
            }
        }
        return Collections.unmodifiableSet(active);
    }

    /**
     * Reads clauses separated by {@code ;}: {@code latency SERVICE OPERATION +DURATION from DURATION for DURATION},
     * {@code errors SERVICE OPERATION PERCENT% from DURATION for DURATION} and {@code period DURATION}
     * (one minute if absent); a percentage after a latency amount ({@code +2s 1%}) slows only that
     * share of the calls, and {@code on POD} after the amount limits a fault to one pod. Durations
     * are whole numbers with a unit: ms, s, m or h. Instrumentation faults take the same timing:
     * {@code drops-context SERVICE}, {@code clock-skew SERVICE +300ms}, {@code retries SERVICE OPERATION},
     * {@code request-ids SERVICE}.
     */
    public static FaultSchedule parse(String text) {
        List<Entry> entries = new ArrayList<>();
        Duration period = null;
        for (String clause : text.split(";")) {
            String[] words = clause.trim().split("\\s+");
            if (words.length == 1 && words[0].isEmpty()) {
                continue;
            }
            try {
                if (words[0].equals("period") && words.length == 2) {
                    period = DurationText.parse(words[1]);
                } else {
                    entries.add(entry(words));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot read fault clause '" + clause.trim() + "': " + e.getMessage(), e);
            }
        }
        return new FaultSchedule(entries, period == null ? DEFAULT_PERIOD : period);
    }

    private static Entry entry(String[] words) {
        int n = words.length;
        if (INSTRUMENTATION_KINDS.contains(words[0])) {
            return instrumentationEntry(words);
        }
        if (n < 7 || !words[n - 4].equals("from") || !words[n - 2].equals("for")) {
            throw new IllegalArgumentException("expected KIND SERVICE OPERATION AMOUNT from DURATION for DURATION");
        }
        // KIND SERVICE OPERATION... AMOUNT [PERCENT%] [on POD] from DURATION for DURATION, read from the end:
        // an amount starts with + (latency) or ends with % (errors), so an operation may hold any word
        int end = n - 4;
        String pod = null;
        if (end >= 5 && words[end - 2].equals("on") && isAmount(words[end - 3])) {
            pod = words[end - 1];
            end -= 2;
        }
        double share = 1;
        if (words[0].equals("latency") && end >= 5 && words[end - 1].endsWith("%") && words[end - 2].startsWith("+")) {
            share = percent(words[end - 1]);
            end--;
        }
        String service = words[1];
        String operation = String.join(" ", Arrays.asList(words).subList(2, end - 1));
        String amount = words[end - 1];
        if (operation.isEmpty()) {
            throw new IllegalArgumentException("expected KIND SERVICE OPERATION AMOUNT from DURATION for DURATION");
        }
        Fault fault;
        switch (words[0]) {
            case "latency":
                if (!amount.startsWith("+")) {
                    throw new IllegalArgumentException("latency amount must look like +800ms, was " + amount);
                }
                fault = new Fault.Latency(service, operation, DurationText.parse(amount.substring(1)), share, null);
                break;
            case "errors":
                if (!amount.endsWith("%")) {
                    throw new IllegalArgumentException("error rate must look like 50%, was " + amount);
                }
                fault = Fault.errors(service, operation, percent(amount));
                break;
            default:
                throw new IllegalArgumentException("unknown fault kind '" + words[0]
                        + "', expected latency, errors, drops-context, clock-skew, retries or request-ids");
        }
        if (pod != null) {
            fault = fault.onPod(pod);
        }
        return new Entry(fault, DurationText.parse(words[n - 3]), DurationText.parse(words[n - 1]));
    }

    /**
     * {@code drops-context SERVICE}, {@code clock-skew SERVICE ±DURATION}, {@code retries SERVICE OPERATION},
     * {@code request-ids SERVICE}, each with an optional {@code on POD}, then {@code from DURATION for DURATION}.
     */
    private static Entry instrumentationEntry(String[] words) {
        int n = words.length;
        if (n < 6 || !words[n - 4].equals("from") || !words[n - 2].equals("for")) {
            throw new IllegalArgumentException("expected " + words[0] + " SERVICE ... from DURATION for DURATION");
        }
        int end = n - 4;
        String pod = null;
        if (end >= 4 && words[end - 2].equals("on")) {
            pod = words[end - 1];
            end -= 2;
        }
        List<String> args = Arrays.asList(words).subList(1, end);
        String service = args.get(0);
        Fault fault = switch (words[0]) {
            case "drops-context" -> {
                requireArgs(args, 1, "drops-context SERVICE");
                yield new Fault.DropsContext(service, pod);
            }
            case "clock-skew" -> {
                requireArgs(args, 2, "clock-skew SERVICE +DURATION");
                String amount = args.get(1);
                if (!amount.startsWith("+") && !amount.startsWith("-")) {
                    throw new IllegalArgumentException("clock offset must look like +300ms or -1s, was " + amount);
                }
                Duration offset = DurationText.parse(amount.substring(1));
                yield new Fault.ClockSkew(service, amount.startsWith("-") ? offset.negated() : offset, pod);
            }
            case "retries" -> {
                if (args.size() < 2) {
                    throw new IllegalArgumentException("expected retries SERVICE OPERATION");
                }
                yield new Fault.Retries(service, String.join(" ", args.subList(1, args.size())), pod);
            }
            default -> {
                requireArgs(args, 1, "request-ids SERVICE");
                yield new Fault.RequestIds(service, pod);
            }
        };
        return new Entry(fault, DurationText.parse(words[n - 3]), DurationText.parse(words[n - 1]));
    }

    private static void requireArgs(List<String> args, int count, String form) {
        if (args.size() != count) {
            throw new IllegalArgumentException("expected " + form);
        }
    }

    private static double percent(String word) {
        return new BigDecimal(word.substring(0, word.length() - 1)).movePointLeft(2).doubleValue();
    }

    private static boolean isAmount(String word) {
        return word.startsWith("+") || word.endsWith("%");
    }

    @Override
    public String toString() {
        StringJoiner text = new StringJoiner("; ");
        for (Entry entry : entries) {
            text.add(entry.toString());
        }
        text.add("period " + DurationText.format(period));
        return text.toString();
    }
}
