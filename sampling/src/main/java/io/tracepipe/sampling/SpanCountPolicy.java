package io.tracepipe.sampling;

/** {@code span_count}: keeps traces whose number of spans is within [min_spans, max_spans], both inclusive. */
final class SpanCountPolicy implements Policy {

    private final String name;
    private final long min;
    private final long max;

    SpanCountPolicy(String name, long min, long max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("need 0 <= min_spans <= max_spans");
        }
        this.name = name;
        this.min = min;
        this.max = max;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vote evaluate(CandidateTrace trace, long nowMs) {
        int count = trace.spanCount();
        return Vote.of(count >= min && count <= max);
    }
}
