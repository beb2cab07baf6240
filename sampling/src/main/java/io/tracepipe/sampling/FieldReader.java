package io.tracepipe.sampling;

import io.tracepipe.config.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads typed field values of one mapping. Every reader returns null when the field is absent
 * (silently) or invalid (after reporting why), so that reading goes on and finds every problem.
 */
final class FieldReader {

    private final YamlMapping mapping;

    FieldReader(YamlMapping mapping) {
        this.mapping = mapping;
    }

    YamlMapping mapping() {
        return mapping;
    }

    /** Reports a missing field; true when it is present. */
    boolean required(String field) {
        if (mapping.has(field)) {
            return true;
        }
        mapping.report(mapping.node(), field, "required");
        return false;
    }

    /** A non-empty text. */
    String text(String field) {
        ScalarNode scalar = scalar(field);
        return scalar == null ? null : scalar.getValue();
    }

    /** A whole number of at least {@code min}. */
    Long integer(String field, long min) {
        ScalarNode scalar = scalar(field);
        if (scalar == null) {
            return null;
        }
        String text = scalar.getValue().replace("_", ""); // YAML allows 100_000
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            mapping.report(scalar, field, "'" + scalar.getValue() + "' is not a whole number");
            return null;
        }
        if (value < min) {
            mapping.report(scalar, field, value + " is below the minimum of " + min);
            return null;
        }
        return value;
    }

    /** A decimal number within [min, max]. */
    BigDecimal number(String field, BigDecimal min, BigDecimal max) {
        ScalarNode scalar = scalar(field);
        if (scalar == null) {
            return null;
        }
        String text = scalar.getValue().replace("_", "");
        BigDecimal value;
        try {
            // BigDecimal also takes forms YAML does not (e.g. "1E2"), all of them plain numbers
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            mapping.report(scalar, field, "'" + scalar.getValue() + "' is not a number");
            return null;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            mapping.report(scalar, field, scalar.getValue() + " is not in [" + min.toPlainString() + ", "
                    + max.toPlainString() + "]");
            return null;
        }
        return value;
    }

    /** true or false. */
    Boolean bool(String field) {
        ScalarNode scalar = scalar(field);
        if (scalar == null) {
            return null;
        }
        return switch (scalar.getValue().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                mapping.report(scalar, field, "'" + scalar.getValue() + "' is not true or false");
                yield null;
            }
        };
    }

    /** A duration such as {@code 500ms}, {@code 2s} or {@code PT1M}, not negative. */
    Duration duration(String field) {
        ScalarNode scalar = scalar(field);
        if (scalar == null) {
            return null;
        }
        try {
            Duration d = Durations.parse(scalar.getValue());
            if (d.isNegative()) {
                mapping.report(scalar, field, "'" + scalar.getValue() + "' is negative");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            mapping.report(scalar, field, e.getMessage());
            return null;
        }
    }

    /** A non-empty list of non-empty texts, as their nodes (so problems about one value name its line). */
    List<ScalarNode> texts(String field) {
        SequenceNode sequence = list(field);
        if (sequence == null) {
            return null;
        }
        List<ScalarNode> values = new ArrayList<>();
        boolean valid = true;
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode scalar) || scalar.getTag() == Tag.NULL || scalar.getValue().isEmpty()) {
                mapping.report(item, field, "expected a list of non-empty texts");
                valid = false;
                continue;
            }
            values.add(scalar);
        }
        return valid ? values : null;
    }

    /** A non-empty list. */
    SequenceNode list(String field) {
        Node node = mapping.value(field);
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar && (scalar.getTag() == Tag.NULL || scalar.getValue().isBlank())) {
            mapping.report(mapping.key(field), field, "needs a value");
            return null;
        }
        if (!(node instanceof SequenceNode sequence)) {
            mapping.report(node, field, "expected a list");
            return null;
        }
        if (sequence.getValue().isEmpty()) {
            mapping.report(node, field, "must not be empty");
            return null;
        }
        return sequence;
    }

    /** A single non-empty value. */
    private ScalarNode scalar(String field) {
        Node node = mapping.value(field);
        if (node == null) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            mapping.report(node, field, "expected a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
            return null;
        }
        if (scalar.getTag() == Tag.NULL || scalar.getValue().isBlank()) {
            mapping.report(mapping.key(field), field, "needs a value");
            return null;
        }
        return scalar;
    }
}
