package io.tracepipe.alerting.lifecycle;

import io.tracepipe.alerting.Alert;
import java.util.Objects;
import java.util.Optional;

/** The result of one lifecycle step: the state to store, and the alert to publish if any. */
public record Transition(AlertState state, Optional<Alert> alert) {

    public Transition {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(alert, "alert");
    }

    static Transition silent(AlertState state) {
        return new Transition(state, Optional.empty());
    }

    static Transition publishing(AlertState state, Alert alert) {
        return new Transition(state, Optional.of(alert));
    }
}
