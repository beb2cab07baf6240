package io.tracepipe.alerting;

import java.util.Locale;

/**
 * The one sentence that says why an alert fired, as the alert line and the Alertmanager
 * annotation show it:
 * <pre>
 * culprit auth-service verify_token 96% · k8s.pod.name=auth-2 in 91% of failures vs 34%
 * culprit inventory POST /reserve 82% of slow time (normally 3%) · k8s.pod.name=inventory-1 in 90% of slow spans vs 51%
 * </pre>
 * The attribute shown is the most over-represented one that also occurs among the good spans
 * (where the problem sits, e.g. a pod), or else the most over-represented one (a value seen only
 * on bad spans, such as a status code, describes the failure rather than locating it).
 */
public final class Explained {

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
        for (Alert.AttributeContrast attribute : explanation.attributes()) {
            if (attribute.goodShare() > 0) {
                return attribute;
            }
        }
        return explanation.attributes().isEmpty() ? null : explanation.attributes().get(0);
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }
}
