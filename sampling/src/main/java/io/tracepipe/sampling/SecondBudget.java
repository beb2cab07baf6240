package io.tracepipe.sampling;

/** Spans spent in the current wall-clock second; starts from zero again in each new second. Not thread-safe. */
final class SecondBudget {

    private long second = Long.MIN_VALUE;
    private long spent;

    /**
     * Moves to the second holding {@code nowMs}, forgetting what was spent when it differs from
     * the current one (also when the clock went back: the budget never blocks for longer than a second).
     */
    void startSecondOf(long nowMs) {
        long s = Math.floorDiv(nowMs, 1000L);
        if (s != second) {
            second = s;
            spent = 0;
        }
    }

    /** Spends {@code spans} when the second's spending stays within {@code limit}; else spends nothing. */
    boolean trySpend(long spans, long limit) {
        if (!fits(spans, limit)) {
            return false;
        }
        spent += spans;
        return true;
    }

    boolean fits(long spans, long limit) {
        return spans <= limit - spent;
    }

    long spent() {
        return spent;
    }
}
