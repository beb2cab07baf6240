package io.tracepipe.topology.assembly;

import java.util.Locale;

/** Why a trace (or a part of it) was emitted. Kept in the meta store by ordinal: add new values at the end. */
public enum Completion {
    /** No span arrived for the inactivity gap. */
    INACTIVITY,
    /** The trace had been open for the maximum trace duration. */
    MAX_DURATION,
    /** The trace reached the maximum number of spans. */
    MAX_SPANS;

    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A trace cut by a limit may be missing spans that arrive later (as late parts). */
    public boolean truncates() {
        return this != INACTIVITY;
    }
}
