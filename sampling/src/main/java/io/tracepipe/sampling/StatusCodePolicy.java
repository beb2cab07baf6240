package io.tracepipe.sampling;

import io.opentelemetry.proto.trace.v1.Status;
import java.util.EnumSet;
import java.util.Set;

/** {@code status_code}: keeps traces with at least one span whose status is one of the given codes. */
final class StatusCodePolicy implements Policy {

    private final String name;
    private final Set<Status.StatusCode> codes;

    StatusCodePolicy(String name, Set<Status.StatusCode> codes) {
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("need at least one status code");
        }
        this.name = name;
        this.codes = EnumSet.copyOf(codes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vote evaluate(CandidateTrace trace, long nowMs) {
        for (Status.StatusCode code : codes) {
            if (trace.hasStatus(code)) {
                return Vote.SAMPLED;
            }
        }
        return Vote.NOT_SAMPLED;
    }
}
