package io.tracepipe.alerting;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, failing with a message that says what was awaited. */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {}

    /** Returns once {@code condition} holds; fails with {@code what} and the last {@code state} when {@code timeout} passes first. */
    public static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + state.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
