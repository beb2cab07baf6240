package io.tracepipe.sampling;

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
final class StringAttributePolicy extends AttributePolicy {

    private StringAttributePolicy(String name, String key, Predicate<String> matcher, boolean invert) {
        super(name, key, nonEmptyString(matcher), invert);
    }

    static StringAttributePolicy exact(String name, String key, Set<String> values, boolean invert) {
        Set<String> copy = Set.copyOf(values);
        return new StringAttributePolicy(name, key, copy::contains, invert);
    }

    static StringAttributePolicy regex(String name, String key, List<Pattern> patterns, boolean invert) {
        List<Pattern> copy = List.copyOf(patterns);
        return new StringAttributePolicy(name, key, s -> copy.stream().anyMatch(p -> p.matcher(s).find()), invert);
    }

    private static Predicate<AnyValue> nonEmptyString(Predicate<String> matcher) {
        // as in the Collector, only string values are compared, and an empty string never matches
        return value -> value.hasStringValue() && !value.getStringValue().isEmpty() && matcher.test(value.getStringValue());
    }
}
