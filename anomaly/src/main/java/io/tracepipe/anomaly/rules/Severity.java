package io.tracepipe.anomaly.rules;

import java.util.Locale;

/** How urgent a rule's alerts are; written in lower case in rules and alerts. */
public enum Severity {
    CRITICAL, WARNING, INFO;

    /** The name as written in rules and alert JSON, e.g. {@code critical}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
