package io.tracepipe.topology.sampling;

import io.opentelemetry.proto.common.v1.AnyValue;

/**
 * {@code numeric_attribute}: keeps traces where a resource or span attribute {@code key} holds a
 * number within [min_value, max_value], both inclusive. Integer attributes are compared exactly;
 * double attributes too (the Collector reads only integers).
 */
final class NumericAttributePolicy implements Policy {

    private final String name;
    private final String key;
    private final long min;
    private final long max;
    private final boolean invert;

    /** Pass {@link Long#MIN_VALUE} / {@link Long#MAX_VALUE} for a missing bound. */
    NumericAttributePolicy(String name, String key, long min, long max, boolean invert) {
        if (max < min) {
            throw new IllegalArgumentException("need min_value <= max_value");
        }
        this.name = name;
        this.key = key;
        this.min = min;
        this.max = max;
        this.invert = invert;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Decision evaluate(SampledTrace trace, long nowMs) {
        return Decision.ofMatch(trace.anyAttribute(key, this::inRange), invert);
    }

    private boolean inRange(AnyValue value) {
        if (value.hasIntValue()) {
            return value.getIntValue() >= min && value.getIntValue() <= max;
        }
        if (value.hasDoubleValue()) {
            double d = value.getDoubleValue();
            // NaN fails both comparisons, so it is never in range
            return d >= min && d <= max;
        }
        return false;
    }
}
