package io.tracepipe.sampling;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.function.Predicate;

/**
 * {@code numeric_attribute}: keeps traces where a resource or span attribute {@code key} holds a
 * number within [min_value, max_value], both inclusive. Integer attributes are compared exactly;
 * double attributes too (the Collector reads only integers).
 */
final class NumericAttributePolicy extends AttributePolicy {

    /** Pass {@link Long#MIN_VALUE} / {@link Long#MAX_VALUE} for a missing bound. */
    NumericAttributePolicy(String name, String key, long min, long max, boolean invert) {
        super(name, key, inRange(min, max), invert);
    }

    private static Predicate<AnyValue> inRange(long min, long max) {
        if (max < min) {
            throw new IllegalArgumentException("need min_value <= max_value");
        }
        return value -> {
            if (value.hasIntValue()) {
                return value.getIntValue() >= min && value.getIntValue() <= max;
            }
            if (value.hasDoubleValue()) {
                double d = value.getDoubleValue();
                // NaN fails both comparisons, so it is never in range
                return d >= min && d <= max;
            }
            return false;
        };
    }
}
