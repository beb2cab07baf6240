package io.tracepipe.sampling;

/** {@code always_sample}: keeps every trace. */
final class AlwaysSamplePolicy implements Policy {

    private final String name;

    AlwaysSamplePolicy(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vote evaluate(CandidateTrace trace, long nowMs) {
        return Vote.SAMPLED;
    }
}
