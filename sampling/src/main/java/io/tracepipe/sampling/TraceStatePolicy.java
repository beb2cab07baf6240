package io.tracepipe.sampling;

import java.util.Set;

/** {@code trace_state}: keeps traces with a span whose trace state gives {@code key} one of the values. */
final class TraceStatePolicy implements Policy {

    private final String name;
    private final String key;
    private final Set<String> values;

    TraceStatePolicy(String name, String key, Set<String> values) {
        this.name = name;
        this.key = key;
        this.values = Set.copyOf(values);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vote evaluate(CandidateTrace trace, long nowMs) {
        for (String value : trace.traceStateValues(key)) {
            if (values.contains(value)) {
                return Vote.SAMPLED;
            }
        }
        return Vote.NOT_SAMPLED;
    }
}
