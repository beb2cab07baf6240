package io.tracepipe.anomaly.rules;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** One test on a span attribute; a span without the attribute never passes. */
public sealed interface AttributeCondition {

    /** The attribute key, e.g. {@code http.response.status_code}. */
    String key();

    /** Whether this present attribute value (String, Long, Double or Boolean) passes. */
    boolean test(Object value);

    /** Whether the attributes hold {@link #key()} with a value that passes. */
    default boolean matches(Map<String, Object> attributes) {
        Object value = attributes.get(key());
        return value != null && test(value);
    }

    /**
     * Equal to the text as written; numbers compare by value, so {@code equals: 500} matches the
     * attribute 500 (Long) and 500.0 (Double).
     */
    record Equals(String key, String expected) implements AttributeCondition {
        public Equals {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(expected, "expected");
        }

        @Override
        public boolean test(Object value) {
            if (value instanceof Number n) {
                Double bound = Numbers.parse(expected);
                return bound != null && Numbers.compare(n, bound) == 0;
            }
            return value.toString().equals(expected);
        }
    }

    /** The value's text contains a match of the pattern (anchor with ^ and $ for a whole match). */
    record Regex(String key, Pattern pattern) implements AttributeCondition {
        public Regex {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(pattern, "pattern");
        }

        @Override
        public boolean test(Object value) {
            return pattern.matcher(value.toString()).find();
        }
    }

    /** A numeric comparison; the value must be a number or a numeric string. */
    record Compare(String key, Comparison comparison, double bound) implements AttributeCondition {
        /** The comparison operators, named as in rules. */
        public enum Comparison { GT, GTE, LT, LTE }

        public Compare {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(comparison, "comparison");
        }

        @Override
        public boolean test(Object value) {
            Number number = value instanceof Number n ? n : value instanceof String s ? Numbers.parse(s) : null;
            if (number == null || Double.isNaN(number.doubleValue())) {
                return false;
            }
            int c = Numbers.compare(number, bound);
            return switch (comparison) {
                case GT -> c > 0;
                case GTE -> c >= 0;
                case LT -> c < 0;
                case LTE -> c <= 0;
            };
        }
    }

    /** The attribute is present, whatever its value. */
    record Exists(String key) implements AttributeCondition {
        public Exists {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public boolean test(Object value) {
            return true;
        }
    }
}
