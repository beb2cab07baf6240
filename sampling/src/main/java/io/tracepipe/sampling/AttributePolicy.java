package io.tracepipe.sampling;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.function.Predicate;

/**
 * The shape of the attribute policies: a trace matches when any value of the resource or span
 * attribute {@code key} passes the policy's value test; with {@code invert_match} the match names
 * what the policy excludes ({@link Vote#ofMatch}).
 */
abstract class AttributePolicy implements Policy {

    private final String name;
    private final String key;
    private final Predicate<AnyValue> valueMatches;
    private final boolean invert;

    AttributePolicy(String name, String key, Predicate<AnyValue> valueMatches, boolean invert) {
        this.name = name;
        this.key = key;
        this.valueMatches = valueMatches;
        this.invert = invert;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Vote evaluate(CandidateTrace trace, long nowMs) {
        return Vote.ofMatch(trace.anyAttribute(key, valueMatches), invert);
    }
}
