package io.tracepipe.alerting;

import java.util.Locale;
import java.util.Set;

/**
 * The one sentence that says why an alert fired, as the alert line and the Alertmanager
 * annotation show it:
 * <pre>
 * culprit auth-service verify_token 96% · k8s.pod.name=auth-2 in 91% of failures vs 34%
 * culprit inventory POST /reserve 82% of slow time (normally 3%) · k8s.pod.name=inventory-1 in 90% of slow spans vs 51%
 * </pre>
 * The attribute shown is the most over-represented one; for failures, the most over-represented
 * one that does not merely describe the failure ({@link #FAILURE_KEYS}: every failed span has an
 * error type and a failing status, so those say how it failed, not where). All of them are in the
 * alert JSON.
 */
public final class Explained {

    /** Attribute keys that describe how a span failed; the sentence of an error alert looks past them. */
    public static final Set<String> FAILURE_KEYS = Set.of("error.type", "exception.type", "http.response.status_code",
            "rpc.grpc.status_code", "db.response.status_code", "otel.status_code");

    private Explained() {}

    /** The sentence, or null when the alert names no culprit and no attribute. */
    public static String sentence(Alert alert) {
        Alert.Explanation explanation = alert.explanation();
        StringBuilder out = new StringBuilder(120);
        Alert.Culprit culprit = alert.culprit();
        if (culprit != null) {
            out.append(String.format(Locale.ROOT, "culprit %s %s %s", culprit.service(), culprit.operation(),
                    percent(culprit.share())));
            boolean latency = explanation != null && Alert.Explanation.LATENCY.equals(explanation.kind());
            if (latency) {
                out.append(" of slow time");
                Alert.Suspect top = explanation.suspects().isEmpty() ? null : explanation.suspects().get(0);
                if (top != null && Double.isFinite(top.normalShare())) {
                    out.append(" (normally ").append(percent(top.normalShare())).append(')');
                }
            }
        }
        Alert.AttributeContrast attribute = explanation == null ? null : shown(explanation);
        if (attribute != null) {
            if (out.length() > 0) {
                out.append(" · ");
            }
            String bad = Alert.Explanation.LATENCY.equals(explanation.kind()) ? "slow spans" : "failures";
            out.append(attribute.key()).append('=').append(attribute.value()).append(" in ")
                    .append(percent(attribute.badShare())).append(" of ").append(bad).append(" vs ")
                    .append(percent(attribute.goodShare()));
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static Alert.AttributeContrast shown(Alert.Explanation explanation) {
        boolean errors = !Alert.Explanation.LATENCY.equals(explanation.kind());
        for (Alert.AttributeContrast attribute : explanation.attributes()) {
            if (!errors || !FAILURE_KEYS.contains(attribute.key())) {
                return attribute;
            }
        }
        return null;
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }
}
