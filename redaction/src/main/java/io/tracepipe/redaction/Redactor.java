package io.tracepipe.redaction;

import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Redacts attributes before anything leaves tracepipe: traces on the sampled-traces topic and
 * alert labels. Immutable and thread-safe; build it once at start with {@link RedactionParser}.
 *
 * <p>Rules run in the order allow-list → delete → hash → mask; see {@link RedactionParser} for
 * the configuration and the replacement texts. {@code service.name} is never removed nor hashed.
 */
public final class Redactor {
    private static final Redactor NONE = new Redactor(
            new AttributeRules(null, KeySet.EMPTY, KeySet.EMPTY, null, List.of()));
    private static final Redactor DEFAULTS = new Redactor(
            new AttributeRules(null, KeySet.EMPTY, KeySet.EMPTY, null, defaultMasks(List.of())));

    private final AttributeRules rules;
    private final TracesRedaction traces;

    Redactor(AttributeRules rules) {
        this.rules = rules;
        this.traces = new TracesRedaction(rules);
    }

    /** A redactor that changes nothing. */
    public static Redactor none() {
        return NONE;
    }

    /** The shipped defaults, used when the configuration has no {@code redaction:} section: e-mail and card number masks. */
    public static Redactor defaults() {
        return DEFAULTS;
    }

    /** Whether this redactor changes nothing at all (no rule configured). */
    public boolean isNoop() {
        return rules.isNoop();
    }

    /**
     * The traces with every attribute redacted: resource, scope, span, event and link attributes,
     * and the values nested in arrays and kvlists. Returns {@code data} itself when no rule
     * changed anything; otherwise rebuilds only the messages that changed.
     */
    public TracesData redact(TracesData data) {
        return rules.isNoop() ? data : traces.apply(data);
    }

    /**
     * Alert labels redacted by the same rules, the label name as the attribute key; returns
     * {@code labels} itself when nothing changed, else a read-only copy in the same order. The
     * labels {@code service}, {@code operation} and {@code service.name} (what the alert is about)
     * are never removed nor hashed, but masks apply to their values.
     */
    public Map<String, String> redactLabels(Map<String, String> labels) {
        return rules.isNoop() ? labels : rules.labels(labels);
    }

    /** The shipped masks not replaced by a configured mask of the same builtin, in builtin order. */
    static List<MaskRule> defaultMasks(List<MaskRule> configured) {
        List<MaskRule> defaults = new ArrayList<>();
        for (Builtin builtin : Builtin.values()) {
            if (configured.stream().noneMatch(rule -> rule.builtin() == builtin)) {
                defaults.add(new MaskRule(builtin.create(builtin.defaultReplacement()), null, builtin));
            }
        }
        return defaults;
    }

    /** The rules, never the salt. */
    @Override
    public String toString() {
        return "Redactor{" + rules + "}";
    }
}
