package io.tracepipe.sampling;

/**
 * {@code rate_limiting}: keeps traces while their spans fit the budget of the current second.
 * A token bucket holding {@code spans_per_second} tokens, refilled to full when {@code nowMs}
 * enters a new second; a trace takes as many tokens as it has spans, and is not sampled (taking
 * nothing) when fewer remain, so a smaller trace later in the second may still fit. A trace with
 * more spans than the rate is never sampled by this policy.
 */
final class RateLimitingPolicy implements Policy {

    private final String name;
    private final long spansPerSecond;
    private final SecondBudget budget;

    RateLimitingPolicy(String name, long spansPerSecond) {
        if (spansPerSecond <= 0) {
            throw new IllegalArgumentException("spans_per_second must be positive");
        }
        this.name = name;
        this.spansPerSecond = spansPerSecond;
        this.budget = new SecondBudget();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Vote evaluate(CandidateTrace trace, long nowMs) {
        budget.startSecondOf(nowMs);
        return Vote.of(budget.trySpend(trace.spanCount(), spansPerSecond));
    }
}
