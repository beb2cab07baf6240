package io.tracepipe.topology.sampling;

import io.opentelemetry.proto.common.v1.AnyValue;

/** {@code boolean_attribute}: keeps traces where a resource or span attribute {@code key} is the boolean {@code value}. */
final class BooleanAttributePolicy implements Policy {

    private final String name;
    private final String key;
    private final boolean value;
    private final boolean invert;

    BooleanAttributePolicy(String name, String key, boolean value, boolean invert) {
        this.name = name;
        this.key = key;
        this.value = value;
        this.invert = invert;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Decision evaluate(SampledTrace trace, long nowMs) {
        return Decision.ofMatch(trace.anyAttribute(key, this::matches), invert);
    }

    private boolean matches(AnyValue v) {
        return v.hasBoolValue() && v.getBoolValue() == value;
    }
}
