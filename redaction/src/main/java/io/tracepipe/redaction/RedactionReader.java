package io.tracepipe.redaction;

import io.tracepipe.config.ClosestName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads one {@code redaction:} mapping into a {@link Redactor}, collecting every problem before failing. */
final class RedactionReader {
    static final List<String> FIELDS = List.of("allow", "delete", "hash", "salt", "mask", "defaults");
    private static final List<String> MASK_FIELDS = List.of("builtin", "regex", "replacement", "keys");

    /** A key as written, with the node it was read from. */
    private record Key(String text, Node node) {}

    private final Problems problems = new Problems();

    /** @throws RedactionConfigException listing every problem */
    Redactor read(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, null, "expected a mapping of " + String.join(", ", FIELDS));
            throw problems.failure();
        }
        MappingFields fields = new MappingFields(mapping, null, FIELDS, problems);
        List<Key> allow = keys(fields.value("allow"), "allow");
        List<Key> delete = keys(fields.value("delete"), "delete");
        List<Key> hash = keys(fields.value("hash"), "hash");
        rejectServiceName(delete, "delete");
        rejectServiceName(hash, "hash");
        rejectDeletedAndHashed(delete, hash);
        SaltedHash hasher = salt(fields, hash.isEmpty() ? null : fields.key("hash"));
        List<MaskRule> masks = masks(fields.value("mask"));
        boolean defaults = flag(fields.value("defaults"), "defaults", true);
        if (!problems.isEmpty()) {
            throw problems.failure();
        }
        List<MaskRule> all = new ArrayList<>(defaults ? Redactor.defaultMasks(masks) : List.of());
        all.addAll(masks);
        // an empty allow-list would drop every attribute: read it as "no allow-list", like an empty delete
        KeySet allowed = allow.isEmpty() ? null : keySet(allow);
        return new Redactor(new AttributeRules(allowed, keySet(delete), keySet(hash), hasher, all));
    }

    /** A list of attribute keys (a single key is taken as a list of one); empty when absent. */
    private List<Key> keys(Node node, String field) {
        if (node == null || isNull(node)) {
            return List.of();
        }
        List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
        List<Key> keys = new ArrayList<>();
        for (Node item : items) {
            if (!(item instanceof ScalarNode scalar) || isNull(item)) {
                problems.add(item, field, "expected attribute keys as text, such as [enduser.id, http.request.header.*]");
                continue;
            }
            String text = scalar.getValue().trim();
            int star = text.indexOf('*');
            if (text.isEmpty()) {
                problems.add(item, field, "an empty key matches nothing");
            } else if (star >= 0 && star != text.length() - 1) {
                problems.add(item, field, "'" + text + "': '*' is only allowed at the end of a key, as a prefix wildcard (e.g. http.request.header.*)");
            } else {
                keys.add(new Key(text, item));
            }
        }
        return keys;
    }

    private void rejectServiceName(List<Key> keys, String field) {
        for (Key key : keys) {
            if (key.text().equals(AttributeRules.SERVICE_NAME)) {
                problems.add(key.node(), field, "'" + AttributeRules.SERVICE_NAME
                        + "' is always kept, since traces cannot be read without it; remove it from this list");
            }
        }
    }

    private void rejectDeletedAndHashed(List<Key> delete, List<Key> hash) {
        Map<String, Node> deleted = new HashMap<>();
        delete.forEach(key -> deleted.putIfAbsent(key.text(), key.node()));
        for (Key key : hash) {
            Node first = deleted.get(key.text());
            // service.name was reported already, as always kept
            if (first != null && !key.text().equals(AttributeRules.SERVICE_NAME)) {
                problems.add(key.node(), "hash", "'" + key.text() + "' is also deleted (line " + Problems.lineOf(first)
                        + "); delete runs first, so there would be nothing to hash");
            }
        }
    }

    /**
     * The hasher for the salt, or null when there is none. Messages never show the salt's text.
     *
     * @param neededBy the {@code hash:} key node when hash lists keys, else null
     */
    private SaltedHash salt(MappingFields fields, Node neededBy) {
        Node node = fields.value("salt");
        if (node == null || isNull(node)) {
            if (neededBy != null) {
                problems.add(neededBy, "salt", "required when 'hash' lists keys: a secret text mixed into every hash,"
                        + " so that hashes cannot be matched against hashes of guessed values");
            }
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problems.add(node, "salt", "expected a text");
            return null;
        }
        if (scalar.getValue().isBlank()) {
            problems.add(node, "salt", "must not be empty");
            return null;
        }
        return new SaltedHash(scalar.getValue());
    }

    private List<MaskRule> masks(Node node) {
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(node, "mask", "expected a list of masks, each '- builtin: NAME' or '- regex: PATTERN'");
            return List.of();
        }
        List<MaskRule> masks = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            MaskRule mask = mask(sequence.getValue().get(i), "mask[" + (i + 1) + "]");
            if (mask != null) {
                masks.add(mask);
            }
        }
        return masks;
    }

    private MaskRule mask(Node node, String path) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, path, "expected a mapping such as '{ builtin: email }' or '{ regex: \"...\", replacement: \"...\" }'");
            return null;
        }
        MappingFields fields = new MappingFields(mapping, path, MASK_FIELDS, problems);
        String replacement = text(fields.value("replacement"), path + ".replacement", true);
        List<Key> keys = keys(fields.value("keys"), path + ".keys");
        // an empty keys list reads as "every value": masking more is the safe side
        KeySet limitedTo = keys.isEmpty() ? null : keySet(keys);
        if (fields.has("builtin") == fields.has("regex")) {
            problems.add(mapping, path, fields.has("builtin")
                    ? "give either 'builtin' or 'regex', not both"
                    : "needs 'builtin' (one of " + String.join(", ", Builtin.names()) + ") or 'regex'");
            return null;
        }
        if (fields.has("builtin")) {
            String name = text(fields.value("builtin"), path + ".builtin", false);
            if (name == null) {
                return null;
            }
            Builtin builtin = Builtin.named(name.trim().toLowerCase(Locale.ROOT));
            if (builtin == null) {
                String closest = ClosestName.among(name.trim(), Builtin.names());
                problems.add(fields.value("builtin"), path + ".builtin", "unknown builtin '" + name + "'; "
                        + (closest != null ? "did you mean '" + closest + "'? " : "") + "known: " + String.join(", ", Builtin.names()));
                return null;
            }
            return new MaskRule(builtin.create(replacement != null ? replacement : builtin.defaultReplacement()), limitedTo, builtin);
        }
        String regex = text(fields.value("regex"), path + ".regex", false);
        if (regex == null) {
            return null;
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(fields.value("regex"), path + ".regex", "does not compile: " + e.getDescription() + " near index " + e.getIndex());
            return null;
        }
        return new MaskRule(new RegexMask(pattern, replacement != null ? replacement : RegexMask.DEFAULT_REPLACEMENT), limitedTo, null);
    }

    /** A scalar's text, null when absent or invalid (then reported). */
    private String text(Node node, String field, boolean emptyAllowed) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            problems.add(node, field, "expected a text");
            return null;
        }
        if (!emptyAllowed && scalar.getValue().isEmpty()) {
            problems.add(node, field, "must not be empty");
            return null;
        }
        return scalar.getValue();
    }

    private boolean flag(Node node, String field, boolean fallback) {
        if (node == null) {
            return fallback;
        }
        String text = node instanceof ScalarNode scalar ? scalar.getValue().trim().toLowerCase(Locale.ROOT) : "";
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        problems.add(node, field, "expected true or false" + (node instanceof ScalarNode scalar ? ", got '" + scalar.getValue() + "'" : ""));
        return fallback;
    }

    private static KeySet keySet(List<Key> keys) {
        return KeySet.of(keys.stream().map(Key::text).distinct().toList());
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }
}
