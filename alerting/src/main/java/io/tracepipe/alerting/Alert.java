package io.tracepipe.alerting;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert record: a state change (or a re-notification) of one rule over one group key, with
 * the evidence of the window that caused it. Its JSON form ({@link AlertJson}) is the value of
 * the compacted alert topic, keyed by {@link #fingerprint()}.
 *
 * <p>Instants are kept to the millisecond, as the JSON carries them, so that a record survives a
 * round trip unchanged. Labels are sorted by name; annotations keep their given order.
 *
 * @param labels the group labels (e.g. service, operation) plus the rule's extra labels
 * @param annotations {@code summary} first, then the rule's annotations
 * @param threshold the bound the observed value was compared with; NaN when there is none
 * @param baseline the learned baseline the window was judged against, or null for static rules
 * @param exemplars trace ids (lowercase hex) of the worst traces of the window
 * @param culprit the likeliest service/operation at fault, or null when unknown
 * @param explanation what the window's bad spans have in common (suspects, attribute values), or null
 * @param startsAt when the problem began: the start of the first breaching window of the run
 * @param endsAt when it ended (resolved alerts only); null while firing
 */
public record Alert(
        String fingerprint,
        AlertStatus status,
        String rule,
        String severity,
        Map<String, String> labels,
        Map<String, String> annotations,
        Observed observed,
        double threshold,
        Baseline baseline,
        Window window,
        List<String> exemplars,
        Culprit culprit,
        Explanation explanation,
        Instant startsAt,
        Instant endsAt) {

    public Alert {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(window, "window");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(checkedCopy(labels, "labels")));
        annotations = Collections.unmodifiableMap(checkedCopy(annotations, "annotations"));
        exemplars = List.copyOf(exemplars);
        startsAt = millis(Objects.requireNonNull(startsAt, "startsAt"));
        endsAt = endsAt == null ? null : millis(endsAt);
        if ((status == AlertStatus.RESOLVED) != (endsAt != null)) {
            throw new IllegalArgumentException("endsAt must be set exactly when the alert is resolved (status "
                    + status.wireName() + ", endsAt " + endsAt + ")");
        }
    }

    /**
     * This alert with other labels (sorted by name, as always); every other component, the
     * fingerprint included, is kept as it is. For rewriting labels on the way out (redaction).
     */
    public Alert withLabels(Map<String, String> newLabels) {
        return new Alert(fingerprint, status, rule, severity, newLabels, annotations, observed, threshold, baseline, window,
                exemplars, culprit, explanation, startsAt, endsAt);
    }

    /** This alert with another explanation (e.g. its attribute values redacted); every other component is kept. */
    public Alert withExplanation(Explanation newExplanation) {
        return new Alert(fingerprint, status, rule, severity, labels, annotations, observed, threshold, baseline, window,
                exemplars, culprit, newExplanation, startsAt, endsAt);
    }

    /** The numbers of the window: the value the rule looked at, the span count and errors, latency quantiles in seconds (NaN when unknown). */
    public record Observed(double value, long count, long errors, double p50, double p95, double p99) {}

    /** The learned baseline: centre, spread, the upper bound it implies and how many windows taught it. */
    public record Baseline(double mean, double deviation, double upperBound, long windowsSeen) {}

    /** The closed window the alert speaks about, [start, end). */
    public record Window(Instant start, Instant end) {
        public Window {
            start = millis(Objects.requireNonNull(start, "start"));
            end = millis(Objects.requireNonNull(end, "end"));
        }
    }

    /** The likeliest service and operation at fault, with its share (0..1) of the evidence. */
    public record Culprit(String service, String operation, double share) {
        public Culprit {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /**
     * What the window's bad spans have in common.
     *
     * @param kind {@code errors} (bad spans failed) or {@code latency} (bad spans were slow)
     * @param badSpans how many spans of the window were bad
     * @param suspects likeliest first; the first is the culprit
     * @param attributes attribute values over-represented among the bad spans, most first
     * @param cappedValues attribute values that did not fit the bounded counters
     */
    public record Explanation(String kind, long badSpans, List<Suspect> suspects, List<AttributeContrast> attributes,
            long cappedValues) {
        /** The kind of an explanation of failed spans. */
        public static final String ERRORS = "errors";
        /** The kind of an explanation of slow spans. */
        public static final String LATENCY = "latency";

        public Explanation {
            Objects.requireNonNull(kind, "kind");
            suspects = List.copyOf(suspects);
            attributes = List.copyOf(attributes);
        }
    }

    /**
     * An operation the window's badness came from.
     *
     * @param share of the failures that started here, or of the slow spans' critical-path time spent here
     * @param count failures that started here, or slow spans whose critical path runs through it
     * @param normalShare latency: the share learned from normal windows; NaN when unknown or for errors
     * @param exemplar a trace that shows it (lowercase hex), or null
     */
    public record Suspect(String service, String operation, double share, long count, double normalShare, String exemplar) {
        public Suspect {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /** An attribute value with its share among the bad spans and among the good ones. */
    public record AttributeContrast(String key, String value, double badShare, double goodShare) {
        public AttributeContrast {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static LinkedHashMap<String, String> checkedCopy(Map<String, String> map, String what) {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        map.forEach((name, value) -> copy.put(
                Objects.requireNonNull(name, () -> what + " name"),
                Objects.requireNonNull(value, () -> what + " value of " + name)));
        return copy;
    }
}
