package io.tracepipe.alerting.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * How a rule's verdicts become alerts.
 *
 * @param forWindows consecutive breaching windows before the alert fires (1 = fire on the first)
 * @param resolveAfterWindows consecutive non-breaching windows before a firing alert resolves
 * @param repeatInterval how long a firing alert may go without being published again; the next
 *     breaching window after that re-publishes it with fresh numbers. {@link Duration#ZERO}
 *     turns re-notification off (with Alertmanager keep it below the sink's resolve timeout)
 */
public record LifecycleSettings(int forWindows, int resolveAfterWindows, Duration repeatInterval) {

    public LifecycleSettings {
        if (forWindows < 1) {
            throw new IllegalArgumentException("forWindows must be at least 1, was " + forWindows);
        }
        if (resolveAfterWindows < 1) {
            throw new IllegalArgumentException("resolveAfterWindows must be at least 1, was " + resolveAfterWindows);
        }
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        if (repeatInterval.isNegative()) {
            throw new IllegalArgumentException("repeatInterval must not be negative, was " + repeatInterval);
        }
    }

    /** Whether a firing alert is ever re-published while it keeps breaching. */
    public boolean renotifies() {
        return !repeatInterval.isZero();
    }
}
