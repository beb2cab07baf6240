package io.tracepipe.sampling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The policy types, each with the fields it takes (the Collector's names). */
final class PolicyTypes {

    static final String ALWAYS_SAMPLE = "always_sample";
    static final String LATENCY = "latency";
    static final String STATUS_CODE = "status_code";
    static final String PROBABILISTIC = "probabilistic";
    static final String STRING_ATTRIBUTE = "string_attribute";
    static final String NUMERIC_ATTRIBUTE = "numeric_attribute";
    static final String BOOLEAN_ATTRIBUTE = "boolean_attribute";
    static final String SPAN_COUNT = "span_count";
    static final String TRACE_STATE = "trace_state";
    static final String RATE_LIMITING = "rate_limiting";
    static final String AND = "and";
    static final String COMPOSITE = "composite";
    static final String DROP = "drop";
    static final String ALERT_EXEMPLAR = "alert_exemplar";

    /** Type → its fields, in documentation order. */
    static final Map<String, List<String>> FIELDS = fields();

    /** Types that only make sense at the top of the list: a drop decides the whole trace, a composite shapes the whole rate. */
    static final Set<String> TOP_LEVEL_ONLY = Set.of(DROP, COMPOSITE);

    private PolicyTypes() {}

    private static Map<String, List<String>> fields() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put(ALWAYS_SAMPLE, List.of());
        f.put(LATENCY, List.of("threshold_ms", "threshold", "upper_threshold_ms", "upper_threshold"));
        f.put(STATUS_CODE, List.of("status_codes"));
        f.put(PROBABILISTIC, List.of("sampling_percentage", "hash_salt"));
        f.put(STRING_ATTRIBUTE, List.of("key", "values", "enabled_regex_matching", "cache_max_size", "invert_match"));
        f.put(NUMERIC_ATTRIBUTE, List.of("key", "min_value", "max_value", "invert_match"));
        f.put(BOOLEAN_ATTRIBUTE, List.of("key", "value", "invert_match"));
        f.put(SPAN_COUNT, List.of("min_spans", "max_spans"));
        f.put(TRACE_STATE, List.of("key", "values"));
        f.put(RATE_LIMITING, List.of("spans_per_second"));
        f.put(AND, List.of("and_sub_policy"));
        f.put(COMPOSITE, List.of("max_total_spans_per_second", "policy_order", "composite_sub_policy", "rate_allocation"));
        f.put(DROP, List.of("drop_sub_policy"));
        f.put(ALERT_EXEMPLAR, List.of());
        return Collections.unmodifiableMap(f);
    }
}
