package io.tracepipe.topology.sampling;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code string_attribute}: keeps traces where a resource or span attribute {@code key} holds one
 * of the values, or with {@code enabled_regex_matching} a string in which one of the regular
 * expressions is found (unanchored, as Go's {@code MatchString} in the Collector: write {@code ^...$}
 * for a whole match).
 */
final class StringAttributePolicy implements Policy {

    private final String name;
    private final String key;
    private final Predicate<String> matcher;
    private final boolean invert;

    private StringAttributePolicy(String name, String key, Predicate<String> matcher, boolean invert) {
        this.name = name;
        this.key = key;
        this.matcher = matcher;
        this.invert = invert;
    }

    static StringAttributePolicy exact(String name, String key, Set<String> values, boolean invert) {
        Set<String> copy = Set.copyOf(values);
        return new StringAttributePolicy(name, key, copy::contains, invert);
    }

    static StringAttributePolicy regex(String name, String key, List<Pattern> patterns, boolean invert) {
        List<Pattern> copy = List.copyOf(patterns);
        return new StringAttributePolicy(name, key, s -> copy.stream().anyMatch(p -> p.matcher(s).find()), invert);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Decision evaluate(SampledTrace trace, long nowMs) {
        return Decision.ofMatch(trace.anyAttribute(key, this::matches), invert);
    }

    private boolean matches(AnyValue value) {
        // as in the Collector, only string values are compared, and an empty string never matches
        return value.hasStringValue() && !value.getStringValue().isEmpty() && matcher.test(value.getStringValue());
    }
}
