package io.tracepipe.devkit.generator;

import java.time.Instant;

/**
 * How a unit of work ended: when, with which HTTP status (500 stands for any failure of a
 * database call or internal step) and, on failure, why.
 */
record Outcome(Instant end, int status, String failure) {
    static Outcome ok(Instant end) {
        return new Outcome(end, 200, null);
    }

    static Outcome failed(Instant end, int status, String failure) {
        return new Outcome(end, status, failure);
    }

    boolean isFailure() {
        return failure != null;
    }

    /** The status a caller answers with when this downstream call failed: 4xx pass through, the rest become 500. */
    int propagatedStatus() {
        return status >= 400 && status < 500 ? status : 500;
    }
}
