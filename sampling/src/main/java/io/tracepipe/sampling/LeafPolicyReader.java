package io.tracepipe.sampling;

import io.opentelemetry.proto.trace.v1.Status;
import io.tracepipe.config.Durations;
import io.tracepipe.config.MappingReader;
import io.tracepipe.config.Scalars;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the fields of each policy type without sub-policies; each method returns what makes the
 * policy (all values checked), or null when the fields have problems, after reporting all of them.
 */
final class LeafPolicyReader {

    private static final Map<String, Status.StatusCode> STATUS_CODES = Scalars.choices(
            code -> code.name().substring("STATUS_CODE_".length()),
            Status.StatusCode.STATUS_CODE_ERROR, Status.StatusCode.STATUS_CODE_OK, Status.StatusCode.STATUS_CODE_UNSET);

    private LeafPolicyReader() {}

    /** {@code threshold_ms} or {@code threshold}; {@code upper_threshold_ms} or {@code upper_threshold}, optional. */
    static Supplier<Policy> latency(String name, MappingReader f) {
        Duration threshold = eitherDuration(f, "threshold_ms", "threshold", true);
        Duration upper = eitherDuration(f, "upper_threshold_ms", "upper_threshold", false);
        if (threshold == null) {
            return null;
        }
        if (upper != null && upper.compareTo(threshold) < 0) {
            String field = f.has("upper_threshold_ms") ? "upper_threshold_ms" : "upper_threshold";
            f.report(f.value(field), field, "the upper threshold "
                    + Durations.format(upper) + " is below the threshold " + Durations.format(threshold));
            return null;
        }
        if (upper == null && (f.has("upper_threshold_ms") || f.has("upper_threshold"))) {
            return null;
        }
        return () -> new LatencyPolicy(name, threshold, upper);
    }

    /** A duration given in whole milliseconds ({@code millisField}) or as a duration text, not both. */
    private static Duration eitherDuration(MappingReader f, String millisField, String durationField, boolean required) {
        boolean hasMillis = f.has(millisField);
        boolean hasDuration = f.has(durationField);
        if (hasMillis && hasDuration) {
            f.report(f.key(durationField), durationField, "give " + millisField + " or " + durationField + ", not both");
            return null;
        }
        if (hasMillis) {
            Long ms = f.wholeNumber(millisField, 0, Long.MAX_VALUE);
            return ms == null ? null : Duration.ofMillis(ms);
        }
        if (hasDuration) {
            return f.duration(durationField);
        }
        if (required) {
            f.report(f.node(), millisField, "required (or " + durationField + " as a duration, e.g. 500ms or 2s)");
        }
        return null;
    }

    /** {@code status_codes}: ERROR, OK, UNSET, in any case. */
    static Supplier<Policy> statusCode(String name, MappingReader f) {
        List<ScalarNode> texts = f.required("status_codes") ? f.texts("status_codes") : null;
        if (texts == null) {
            return null;
        }
        Set<Status.StatusCode> codes = EnumSet.noneOf(Status.StatusCode.class);
        boolean valid = true;
        for (ScalarNode text : texts) {
            Status.StatusCode code = f.parse(text, "status_codes", t -> Scalars.choice(t, STATUS_CODES));
            valid &= code != null;
            codes.add(code == null ? Status.StatusCode.STATUS_CODE_UNSET : code);
        }
        return valid ? () -> new StatusCodePolicy(name, codes) : null;
    }

    /** {@code sampling_percentage} in [0, 100]; {@code hash_salt}, optional. */
    static Supplier<Policy> probabilistic(String name, MappingReader f) {
        BigDecimal percentage = f.required("sampling_percentage")
                ? f.decimal("sampling_percentage", BigDecimal.ZERO, BigDecimal.valueOf(100)) : null;
        String salt = f.text("hash_salt");
        if (percentage == null || f.has("hash_salt") && salt == null) {
            return null;
        }
        return () -> ProbabilisticPolicy.create(name, percentage, salt);
    }

    /** {@code key}, {@code values}; {@code enabled_regex_matching}, {@code cache_max_size} (ignored), {@code invert_match}, optional. */
    static Supplier<Policy> stringAttribute(String name, MappingReader f) {
        String key = f.required("key") ? f.text("key") : null;
        List<ScalarNode> values = f.required("values") ? f.texts("values") : null;
        Boolean regex = f.has("enabled_regex_matching") ? f.bool("enabled_regex_matching") : Boolean.FALSE;
        // accepted so that Collector configurations read unchanged; expressions are compiled once, no cache needed
        f.wholeNumber("cache_max_size", 0, Long.MAX_VALUE);
        Boolean invert = invertMatch(f);
        if (values == null || regex == null) {
            return null;
        }
        if (!regex) {
            Set<String> set = new LinkedHashSet<>();
            values.forEach(v -> set.add(v.getValue()));
            return key == null || invert == null ? null : () -> StringAttributePolicy.exact(name, key, set, invert);
        }
        // compiled once here; a Pattern is immutable, so every task's policy shares them
        List<Pattern> patterns = values.stream().map(v -> f.parse(v, "values", Scalars::regex)).toList();
        if (key == null || invert == null || patterns.contains(null)) {
            return null;
        }
        return () -> StringAttributePolicy.regex(name, key, patterns, invert);
    }

    /** {@code key}; {@code min_value} and/or {@code max_value}; {@code invert_match}, optional. */
    static Supplier<Policy> numericAttribute(String name, MappingReader f) {
        String key = f.required("key") ? f.text("key") : null;
        Long min = f.wholeNumber("min_value", Long.MIN_VALUE, Long.MAX_VALUE);
        Long max = f.wholeNumber("max_value", Long.MIN_VALUE, Long.MAX_VALUE);
        Boolean invert = invertMatch(f);
        boolean hasMin = f.has("min_value");
        boolean hasMax = f.has("max_value");
        if (!hasMin && !hasMax) {
            f.report(f.node(), "min_value", "give min_value, max_value or both");
            return null;
        }
        if (min != null && max != null && max < min) {
            f.report(f.value("max_value"), "max_value", max + " is below min_value " + min);
            return null;
        }
        if (key == null || invert == null || hasMin && min == null || hasMax && max == null) {
            return null;
        }
        long low = hasMin ? min : Long.MIN_VALUE;
        long high = hasMax ? max : Long.MAX_VALUE;
        return () -> new NumericAttributePolicy(name, key, low, high, invert);
    }

    /** {@code key}, {@code value}; {@code invert_match}, optional. */
    static Supplier<Policy> booleanAttribute(String name, MappingReader f) {
        String key = f.required("key") ? f.text("key") : null;
        Boolean value = f.required("value") ? f.bool("value") : null;
        Boolean invert = invertMatch(f);
        return key == null || value == null || invert == null ? null
                : () -> new BooleanAttributePolicy(name, key, value, invert);
    }

    /** {@code min_spans} and/or {@code max_spans}. */
    static Supplier<Policy> spanCount(String name, MappingReader f) {
        boolean hasMin = f.has("min_spans");
        boolean hasMax = f.has("max_spans");
        Long min = f.wholeNumber("min_spans", 0, Long.MAX_VALUE);
        Long max = f.wholeNumber("max_spans", 0, Long.MAX_VALUE);
        if (!hasMin && !hasMax) {
            f.report(f.node(), "min_spans", "give min_spans, max_spans or both");
            return null;
        }
        if (min != null && max != null && max < min) {
            f.report(f.value("max_spans"), "max_spans", max + " is below min_spans " + min);
            return null;
        }
        if (hasMin && min == null || hasMax && max == null) {
            return null;
        }
        long low = hasMin ? min : 0;
        long high = hasMax ? max : Long.MAX_VALUE;
        return () -> new SpanCountPolicy(name, low, high);
    }

    /** {@code key}, {@code values}. */
    static Supplier<Policy> traceState(String name, MappingReader f) {
        String key = f.required("key") ? f.text("key") : null;
        List<ScalarNode> values = f.required("values") ? f.texts("values") : null;
        if (key == null || values == null) {
            return null;
        }
        Set<String> set = new LinkedHashSet<>();
        values.forEach(v -> set.add(v.getValue()));
        return () -> new TraceStatePolicy(name, key, set);
    }

    /** {@code spans_per_second}: each policy made from it has a budget of its own. */
    static Supplier<Policy> rateLimiting(String name, MappingReader f) {
        Long rate = f.required("spans_per_second") ? f.wholeNumber("spans_per_second", 1, Long.MAX_VALUE) : null;
        return rate == null ? null : () -> new RateLimitingPolicy(name, rate);
    }

    private static Boolean invertMatch(MappingReader f) {
        return f.has("invert_match") ? f.bool("invert_match") : Boolean.FALSE;
    }
}
