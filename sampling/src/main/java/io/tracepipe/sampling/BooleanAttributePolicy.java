package io.tracepipe.sampling;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.function.Predicate;

/** {@code boolean_attribute}: keeps traces where a resource or span attribute {@code key} is the boolean {@code value}. */
final class BooleanAttributePolicy extends AttributePolicy {

    BooleanAttributePolicy(String name, String key, boolean value, boolean invert) {
        super(name, key, is(value), invert);
    }

    private static Predicate<AnyValue> is(boolean value) {
        return v -> v.hasBoolValue() && v.getBoolValue() == value;
    }
}
