package io.tracepipe.anomaly.rules;

import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanStatus;
import io.tracepipe.anomaly.model.SpanView;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which spans a rule looks at; every condition given must hold. An empty set, or a null pattern or
 * status, places no constraint.
 *
 * @param operationPattern searched in the span name (not anchored: write {@code ^} and {@code $} for a whole match)
 */
public record SpanMatcher(
        Set<String> services,
        Set<String> operations,
        Pattern operationPattern,
        Set<SpanKind> kinds,
        SpanStatus status,
        List<AttributeCondition> attributes) {

    private static final SpanMatcher ANY = new SpanMatcher(Set.of(), Set.of(), null, Set.of(), null, List.of());

    public SpanMatcher {
        services = Set.copyOf(services);
        operations = Set.copyOf(operations);
        kinds = Set.copyOf(kinds);
        attributes = List.copyOf(attributes);
    }

    /** The matcher of a rule without {@code match}: every span. */
    public static SpanMatcher any() {
        return ANY;
    }

    /** Whether the span passes every condition. */
    public boolean matches(SpanView span) {
        if (!services.isEmpty() && !services.contains(span.service())) {
            return false;
        }
        if (!operations.isEmpty() && !operations.contains(span.operation())) {
            return false;
        }
        if (operationPattern != null && !operationPattern.matcher(span.operation()).find()) {
            return false;
        }
        if (!kinds.isEmpty() && !kinds.contains(span.kind())) {
            return false;
        }
        if (status != null && status != span.status()) {
            return false;
        }
        for (AttributeCondition condition : attributes) {
            if (!condition.matches(span.attributes())) {
                return false;
            }
        }
        return true;
    }
}
