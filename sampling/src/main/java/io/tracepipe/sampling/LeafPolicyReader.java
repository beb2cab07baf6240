package io.tracepipe.sampling;

import io.tracepipe.config.ClosestName;
import io.opentelemetry.proto.trace.v1.Status;
import io.tracepipe.config.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the fields of each policy type without sub-policies into its policy; each method returns
 * null when the fields have problems, after reporting all of them.
 */
final class LeafPolicyReader {

    private static final Map<String, Status.StatusCode> STATUS_CODES = statusCodes();

    private LeafPolicyReader() {}

    /** {@code threshold_ms} or {@code threshold}; {@code upper_threshold_ms} or {@code upper_threshold}, optional. */
    static Policy latency(String name, FieldReader f) {
        Duration threshold = eitherDuration(f, "threshold_ms", "threshold", true);
        Duration upper = eitherDuration(f, "upper_threshold_ms", "upper_threshold", false);
        if (threshold == null) {
            return null;
        }
        if (upper != null && upper.compareTo(threshold) < 0) {
            String field = f.mapping().has("upper_threshold_ms") ? "upper_threshold_ms" : "upper_threshold";
            f.mapping().report(f.mapping().value(field), field, "the upper threshold "
                    + Durations.format(upper) + " is below the threshold " + Durations.format(threshold));
            return null;
        }
        if (upper == null && (f.mapping().has("upper_threshold_ms") || f.mapping().has("upper_threshold"))) {
            return null;
        }
        return new LatencyPolicy(name, threshold, upper);
    }

    /** A duration given in whole milliseconds ({@code millisField}) or as a duration text, not both. */
    private static Duration eitherDuration(FieldReader f, String millisField, String durationField, boolean required) {
        boolean hasMillis = f.mapping().has(millisField);
        boolean hasDuration = f.mapping().has(durationField);
        if (hasMillis && hasDuration) {
            f.mapping().report(f.mapping().key(durationField), durationField,
                    "give " + millisField + " or " + durationField + ", not both");
            return null;
        }
        if (hasMillis) {
            Long ms = f.integer(millisField, 0);
            return ms == null ? null : Duration.ofMillis(ms);
        }
        if (hasDuration) {
            return f.duration(durationField);
        }
        if (required) {
            f.mapping().report(f.mapping().node(), millisField,
                    "required (or " + durationField + " as a duration, e.g. 500ms or 2s)");
        }
        return null;
    }

    /** {@code status_codes}: ERROR, OK, UNSET, in any case. */
    static Policy statusCode(String name, FieldReader f) {
        List<ScalarNode> texts = f.required("status_codes") ? f.texts("status_codes") : null;
        if (texts == null) {
            return null;
        }
        Set<Status.StatusCode> codes = EnumSet.noneOf(Status.StatusCode.class);
        boolean valid = true;
        for (ScalarNode text : texts) {
            Status.StatusCode code = STATUS_CODES.get(text.getValue().toUpperCase(Locale.ROOT));
            if (code == null) {
                f.mapping().report(text, "status_codes", "'" + text.getValue() + "' is not one of "
                        + String.join(", ", STATUS_CODES.keySet())
                        + hintOnly(text.getValue().toUpperCase(Locale.ROOT), STATUS_CODES.keySet()));
                valid = false;
            }
            codes.add(code == null ? Status.StatusCode.STATUS_CODE_UNSET : code);
        }
        return valid ? new StatusCodePolicy(name, codes) : null;
    }

    /** {@code sampling_percentage} in [0, 100]; {@code hash_salt}, optional. */
    static Policy probabilistic(String name, FieldReader f) {
        BigDecimal percentage = f.required("sampling_percentage")
                ? f.number("sampling_percentage", BigDecimal.ZERO, BigDecimal.valueOf(100)) : null;
        String salt = f.text("hash_salt");
        if (percentage == null || f.mapping().has("hash_salt") && salt == null) {
            return null;
        }
        return ProbabilisticPolicy.create(name, percentage, salt);
    }

    /** {@code key}, {@code values}; {@code enabled_regex_matching}, {@code cache_max_size} (ignored), {@code invert_match}, optional. */
    static Policy stringAttribute(String name, FieldReader f) {
        String key = f.required("key") ? f.text("key") : null;
        List<ScalarNode> values = f.required("values") ? f.texts("values") : null;
        Boolean regex = f.mapping().has("enabled_regex_matching") ? f.bool("enabled_regex_matching") : Boolean.FALSE;
        // accepted so that Collector configurations read unchanged; expressions are compiled once, no cache needed
        f.integer("cache_max_size", 0);
        Boolean invert = invertMatch(f);
        if (values == null || regex == null) {
            return null;
        }
        if (!regex) {
            Set<String> set = new LinkedHashSet<>();
            values.forEach(v -> set.add(v.getValue()));
            return key == null || invert == null ? null : StringAttributePolicy.exact(name, key, set, invert);
        }
        List<Pattern> patterns = new ArrayList<>();
        for (ScalarNode value : values) {
            try {
                patterns.add(Pattern.compile(value.getValue()));
            } catch (PatternSyntaxException e) {
                f.mapping().report(value, "values", "'" + value.getValue() + "' is not a regular expression: "
                        + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
            }
        }
        if (key == null || invert == null || patterns.size() < values.size()) {
            return null;
        }
        return StringAttributePolicy.regex(name, key, patterns, invert);
    }

    /** {@code key}; {@code min_value} and/or {@code max_value}; {@code invert_match}, optional. */
    static Policy numericAttribute(String name, FieldReader f) {
        String key = f.required("key") ? f.text("key") : null;
        Long min = f.integer("min_value", Long.MIN_VALUE);
        Long max = f.integer("max_value", Long.MIN_VALUE);
        Boolean invert = invertMatch(f);
        boolean hasMin = f.mapping().has("min_value");
        boolean hasMax = f.mapping().has("max_value");
        if (!hasMin && !hasMax) {
            f.mapping().report(f.mapping().node(), "min_value", "give min_value, max_value or both");
            return null;
        }
        if (min != null && max != null && max < min) {
            f.mapping().report(f.mapping().value("max_value"), "max_value", max + " is below min_value " + min);
            return null;
        }
        if (key == null || invert == null || hasMin && min == null || hasMax && max == null) {
            return null;
        }
        return new NumericAttributePolicy(name, key, hasMin ? min : Long.MIN_VALUE, hasMax ? max : Long.MAX_VALUE, invert);
    }

    /** {@code key}, {@code value}; {@code invert_match}, optional. */
    static Policy booleanAttribute(String name, FieldReader f) {
        String key = f.required("key") ? f.text("key") : null;
        Boolean value = f.required("value") ? f.bool("value") : null;
        Boolean invert = invertMatch(f);
        return key == null || value == null || invert == null ? null : new BooleanAttributePolicy(name, key, value, invert);
    }

    /** {@code min_spans} and/or {@code max_spans}. */
    static Policy spanCount(String name, FieldReader f) {
        boolean hasMin = f.mapping().has("min_spans");
        boolean hasMax = f.mapping().has("max_spans");
        Long min = f.integer("min_spans", 0);
        Long max = f.integer("max_spans", 0);
        if (!hasMin && !hasMax) {
            f.mapping().report(f.mapping().node(), "min_spans", "give min_spans, max_spans or both");
            return null;
        }
        if (min != null && max != null && max < min) {
            f.mapping().report(f.mapping().value("max_spans"), "max_spans", max + " is below min_spans " + min);
            return null;
        }
        if (hasMin && min == null || hasMax && max == null) {
            return null;
        }
        return new SpanCountPolicy(name, hasMin ? min : 0, hasMax ? max : Long.MAX_VALUE);
    }

    /** {@code key}, {@code values}. */
    static Policy traceState(String name, FieldReader f) {
        String key = f.required("key") ? f.text("key") : null;
        List<ScalarNode> values = f.required("values") ? f.texts("values") : null;
        if (key == null || values == null) {
            return null;
        }
        Set<String> set = new LinkedHashSet<>();
        values.forEach(v -> set.add(v.getValue()));
        return new TraceStatePolicy(name, key, set);
    }

    /** {@code spans_per_second}. */
    static Policy rateLimiting(String name, FieldReader f) {
        Long rate = f.required("spans_per_second") ? f.integer("spans_per_second", 1) : null;
        return rate == null ? null : new RateLimitingPolicy(name, rate);
    }

    private static Boolean invertMatch(FieldReader f) {
        return f.mapping().has("invert_match") ? f.bool("invert_match") : Boolean.FALSE;
    }

    private static String hintOnly(String value, Set<String> known) {
        String closest = ClosestName.among(value, known);
        return closest == null ? "" : "; did you mean '" + closest + "'?";
    }

    private static Map<String, Status.StatusCode> statusCodes() {
        Map<String, Status.StatusCode> codes = new LinkedHashMap<>();
        codes.put("ERROR", Status.StatusCode.STATUS_CODE_ERROR);
        codes.put("OK", Status.StatusCode.STATUS_CODE_OK);
        codes.put("UNSET", Status.StatusCode.STATUS_CODE_UNSET);
        return codes;
    }
}
