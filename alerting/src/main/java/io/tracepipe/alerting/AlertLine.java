package io.tracepipe.alerting;

import java.util.Map;
import java.util.StringJoiner;

/**
 * One readable line per alert, for {@code tracepipe alerts --follow}:
 * <pre>
 * 2026-03-01T12:05:00.000Z FIRING   critical checkout-latency {operation="POST /charge", service="payment"} p99 latency 3.2 s &gt; 1 s over 1m | culprit payment POST /charge 83% of slow time (normally 20%) · k8s.pod.name=payment-1 in 90% of slow spans vs 48% | trace 4bf92f3577b34da6a3ce929d0e0e4736
 * </pre>
 * The part after the first {@code |} is {@link Explained#sentence}; the trace is the first exemplar, which shows the culprit.
 * The time is the end of the window the record speaks about (when the change was decided).
 */
public final class AlertLine {

    private static final String RED = "\u001b[1;31m";
    private static final String GREEN = "\u001b[1;32m";
    private static final String RESET = "\u001b[0m";
    private static final int STATUS_WIDTH = "RESOLVED".length();

    private AlertLine() {}

    /** The line, without a trailing newline; {@code colour} adds ANSI colour to the status. */
    public static String format(Alert alert, boolean colour) {
        StringBuilder line = new StringBuilder(200);
        line.append(AlertJson.timestamp(alert.window().end())).append(' ');

        String status = alert.status().name();
        if (colour) {
            line.append(alert.status() == AlertStatus.FIRING ? RED : GREEN).append(status).append(RESET);
        } else {
            line.append(status);
        }
        // Pad outside the colour codes so that columns line up in both modes.
        line.append(" ".repeat(STATUS_WIDTH - status.length() + 1));

        line.append(alert.severity()).append(' ').append(alert.rule()).append(' ').append(labels(alert.labels()));

        String summary = alert.annotations().get("summary");
        if (summary != null && !summary.isEmpty()) {
            line.append(' ').append(summary);
        }
        String explained = Explained.sentence(alert);
        if (explained != null) {
            line.append(" | ").append(explained);
        }
        if (!alert.exemplars().isEmpty()) {
            line.append(" | trace ").append(alert.exemplars().get(0));
        }
        return line.toString();
    }

    private static String labels(Map<String, String> labels) {
        StringJoiner joined = new StringJoiner(", ", "{", "}");
        labels.forEach((name, value) -> joined.add(name + "=\"" + value.replace("\"", "\\\"") + "\""));
        return joined.toString();
    }
}
