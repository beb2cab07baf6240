package io.tracepipe.alerting;

import java.util.Locale;

/** Whether an alert record announces a problem or its end; lowercase on the wire, as Alertmanager spells it. */
public enum AlertStatus {
    FIRING,
    RESOLVED;

    /** The JSON spelling: {@code firing} or {@code resolved}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the JSON spelling; anything else is an error, so a typo never reads as a state. */
    public static AlertStatus fromWireName(String value) {
        for (AlertStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown alert status '" + value + "' (expected firing or resolved)");
    }
}
