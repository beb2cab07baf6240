package io.tracepipe.anomaly.eval;

import java.util.List;
import java.util.Objects;

/**
 * Why a window is bad, from all of its bad spans: the operations its badness came from (the
 * suspects, likeliest first) and the attribute values over-represented among its bad spans.
 *
 * @param kind what made a span bad: it failed, or it was slow
 * @param badSpans how many spans of the window were bad
 * @param suspects at most three, likeliest first; the first is the alert's culprit
 * @param attributes the values most over-represented among the bad spans, most first
 * @param cappedValues attribute values that did not fit the bounded counters (the contrast is then partial)
 */
public record Explanation(Kind kind, long badSpans, List<Suspect> suspects, List<Attribute> attributes, long cappedValues) {

    /** What made a span bad. */
    public enum Kind {
        /** It failed; suspects are error origins. */
        ERRORS,
        /** It was beyond the rule's latency threshold or in the window's tail; suspects are critical-path operations. */
        LATENCY
    }

    /**
     * One operation the window's badness came from.
     *
     * @param share errors: the share of the bad spans whose failure started here; latency: the
     *     share of the bad spans' critical-path time spent here
     * @param count errors: bad spans whose failure started here; latency: bad spans whose critical path runs through it
     * @param normalShare latency: the share learned from normal windows of the same group (NaN when
     *     none was learned, and for errors); the suspects are ranked by how much they grew beyond it
     * @param exemplar a trace (lowercase hex) that shows it, or null
     */
    public record Suspect(String service, String operation, double share, long count, double normalShare, String exemplar) {
        public Suspect {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /**
     * An attribute value over-represented among the bad spans.
     *
     * @param badShare the share of the bad spans that have it
     * @param goodShare the share of the good spans (the counted sample) that have it
     */
    public record Attribute(String key, String value, double badShare, double goodShare) {
        public Attribute {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    public Explanation {
        Objects.requireNonNull(kind, "kind");
        suspects = List.copyOf(suspects);
        attributes = List.copyOf(attributes);
    }

    /** The likeliest suspect as the alert's culprit, or null when nothing was found. */
    public Culprit culprit() {
        if (suspects.isEmpty()) {
            return null;
        }
        Suspect top = suspects.get(0);
        return new Culprit(top.service(), top.operation(), top.share());
    }
}
