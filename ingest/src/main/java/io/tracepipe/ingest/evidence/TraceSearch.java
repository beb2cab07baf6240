package io.tracepipe.ingest.evidence;

import io.tracepipe.ingest.TraceSummary;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A search over trace summaries with the parameters of Tempo's {@code GET /api/search}: {@code tags}
 * (logfmt: {@code service.name}, {@code name} — the root's — and {@code status} = error | ok, values
 * matched as case-insensitive substrings, as Tempo does), {@code minDuration} and
 * {@code maxDuration} (Go durations such as {@code 300ms}), {@code start} and {@code end} (Unix
 * seconds, on the trace's start) and {@code limit} (default 20).
 */
public record TraceSearch(String service, String name, Boolean failed, Duration minDuration, Duration maxDuration,
        long startSeconds, long endSeconds, int limit) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 10_000;

    /** Reads the query parameters; an {@link IllegalArgumentException} names the one at fault. */
    public static TraceSearch parse(Map<String, String> params) {
        String service = null;
        String name = null;
        Boolean failed = null;
        for (Map.Entry<String, String> tag : Logfmt.parse(params.getOrDefault("tags", "")).entrySet()) {
            switch (tag.getKey()) {
                case "service.name" -> service = tag.getValue().toLowerCase(Locale.ROOT);
                case "name" -> name = tag.getValue().toLowerCase(Locale.ROOT);
                case "status" -> failed = status(tag.getValue());
                default -> throw new IllegalArgumentException("tags: '" + tag.getKey()
                        + "' is not searchable here; use service.name, name (the root span's) or status");
            }
        }
        if (params.containsKey("q") && !params.get("q").isBlank()) {
            throw new IllegalArgumentException("q: TraceQL is not supported; search with tags, minDuration, maxDuration, start, end and limit");
        }
        Duration min = params.containsKey("minDuration") ? GoDuration.parse("minDuration", params.get("minDuration")) : null;
        Duration max = params.containsKey("maxDuration") ? GoDuration.parse("maxDuration", params.get("maxDuration")) : null;
        long start = number(params, "start", 0);
        long end = number(params, "end", Long.MAX_VALUE);
        long limit = number(params, "limit", DEFAULT_LIMIT);
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
        return new TraceSearch(service, name, failed, min, max, start, end, (int) Math.min(limit, MAX_LIMIT));
    }

    /** Whether a trace with this summary is a hit. */
    public boolean matches(TraceSummary summary) {
        if (service != null && !summary.rootService().toLowerCase(Locale.ROOT).contains(service)) {
            return false;
        }
        if (name != null && !summary.rootOperation().toLowerCase(Locale.ROOT).contains(name)) {
            return false;
        }
        if (failed != null && failed != summary.hasErrors()) {
            return false;
        }
        if (minDuration != null && summary.duration().compareTo(minDuration) < 0) {
            return false;
        }
        if (maxDuration != null && summary.duration().compareTo(maxDuration) > 0) {
            return false;
        }
        long startSeconds = summary.startUnixNanos() / 1_000_000_000L;
        return startSeconds >= this.startSeconds && startSeconds <= endSeconds;
    }

    private static Boolean status(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "error" -> Boolean.TRUE;
            case "ok", "unset" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("tags: status '" + value + "' is not one of error, ok");
        };
    }

    private static long number(Map<String, String> params, String key, long absent) {
        String text = params.get(key);
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a whole number");
        }
    }

    /** logfmt as Tempo reads {@code tags}: {@code key=value} pairs separated by spaces, values optionally in double quotes. */
    static final class Logfmt {
        private Logfmt() {}

        static Map<String, String> parse(String text) {
            Map<String, String> pairs = new LinkedHashMap<>();
            int i = 0;
            int n = text.length();
            while (i < n) {
                while (i < n && text.charAt(i) == ' ') {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                int eq = text.indexOf('=', i);
                int space = text.indexOf(' ', i);
                if (eq < 0 || (space >= 0 && space < eq)) {
                    throw new IllegalArgumentException("tags: expected key=value at '" + text.substring(i) + "'");
                }
                String key = text.substring(i, eq);
                i = eq + 1;
                StringBuilder value = new StringBuilder();
                if (i < n && text.charAt(i) == '"') {
                    i++;
                    while (i < n && text.charAt(i) != '"') {
                        if (text.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        value.append(text.charAt(i++));
                    }
                    if (i >= n) {
                        throw new IllegalArgumentException("tags: unterminated quote in '" + text + "'");
                    }
                    i++;
                } else {
                    while (i < n && text.charAt(i) != ' ') {
                        value.append(text.charAt(i++));
                    }
                }
                pairs.put(key, value.toString());
            }
            return pairs;
        }
    }

    /** Go's {@code time.ParseDuration} syntax: {@code 300ms}, {@code 1.5s}, {@code 2h45m}; units ns, us (µs), ms, s, m, h. */
    static final class GoDuration {
        private GoDuration() {}

        static Duration parse(String field, String text) {
            String t = text.trim();
            if (t.equals("0")) {
                return Duration.ZERO;
            }
            long nanos = 0;
            int i = 0;
            if (t.isEmpty()) {
                throw bad(field, text);
            }
            while (i < t.length()) {
                int numberStart = i;
                while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
                    i++;
                }
                int unitStart = i;
                while (i < t.length() && !Character.isDigit(t.charAt(i)) && t.charAt(i) != '.') {
                    i++;
                }
                if (numberStart == unitStart || unitStart == i) {
                    throw bad(field, text);
                }
                double number;
                try {
                    number = Double.parseDouble(t.substring(numberStart, unitStart));
                } catch (NumberFormatException e) {
                    throw bad(field, text);
                }
                long unit = switch (t.substring(unitStart, i)) {
                    case "ns" -> 1L;
                    case "us", "µs", "μs" -> 1_000L;
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    case "h" -> 3_600_000_000_000L;
                    default -> throw bad(field, text);
                };
                nanos += Math.round(number * unit);
            }
            return Duration.ofNanos(nanos);
        }

        private static IllegalArgumentException bad(String field, String text) {
            return new IllegalArgumentException(field + ": '" + text + "' is not a duration such as 300ms, 1.5s or 2m");
        }
    }
}
