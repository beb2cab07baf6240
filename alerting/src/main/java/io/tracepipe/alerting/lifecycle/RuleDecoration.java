package io.tracepipe.alerting.lifecycle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rule adds to each of its alerts beyond the verdict: extra labels (e.g. {@code team})
 * and annotations (e.g. {@code runbook_url}). Neither changes the alert's fingerprint.
 */
public record RuleDecoration(Map<String, String> labels, Map<String, String> annotations) {

    /** A rule with no extra labels or annotations. */
    public static final RuleDecoration NONE = new RuleDecoration(Map.of(), Map.of());

    public RuleDecoration {
        // Sorted copies: the alert JSON must not depend on the iteration order of a config map.
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(labels)));
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(annotations)));
    }
}
