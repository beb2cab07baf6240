package io.tracepipe.redaction;

import io.tracepipe.config.ConfigException;
import io.tracepipe.config.ConfigProblems;
import io.tracepipe.config.MappingReader;
import io.tracepipe.config.Place;
import io.tracepipe.config.Scalars;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads one {@code redaction:} mapping into a {@link Redactor}, collecting every problem before failing. */
final class RedactionReader {
    /** What is read, as the exception names it. */
    static final String WHAT = "redaction configuration";
    static final Place PLACE = Place.path("redaction");
    static final List<String> FIELDS = List.of("allow", "delete", "hash", "salt", "mask", "defaults");
    private static final List<String> MASK_FIELDS = List.of("builtin", "regex", "replacement", "keys");
    private static final Map<String, Builtin> BUILTINS = Scalars.choices(Builtin::configName, Builtin.values());

    /** A key as written, with the node it was read from. */
    private record Key(String text, Node node) {}

    private final ConfigProblems problems = new ConfigProblems();

    /** @throws ConfigException listing every problem */
    Redactor read(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, PLACE, "expected a mapping of " + String.join(", ", FIELDS));
            throw problems.failure(WHAT);
        }
        MappingReader fields = new MappingReader(mapping, PLACE, problems);
        fields.rejectUnknown(FIELDS);
        List<Key> allow = keys(fields, "allow");
        List<Key> delete = keys(fields, "delete");
        List<Key> hash = keys(fields, "hash");
        rejectServiceName(fields, delete, "delete");
        rejectServiceName(fields, hash, "hash");
        rejectDeletedAndHashed(fields, delete, hash);
        SaltedHash hasher = salt(fields, !hash.isEmpty());
        List<MaskRule> masks = masks(fields);
        Boolean defaults = fields.has("defaults") ? fields.bool("defaults") : Boolean.TRUE;
        problems.throwIfAny(WHAT);
        List<MaskRule> all = new ArrayList<>(defaults ? Redactor.defaultMasks(masks) : List.of());
        all.addAll(masks);
        // an empty allow-list would drop every attribute: read it as "no allow-list", like an empty delete
        KeySet allowed = allow.isEmpty() ? null : keySet(allow);
        return new Redactor(new AttributeRules(allowed, keySet(delete), keySet(hash), hasher, all));
    }

    /** A list of attribute keys (a single key is taken as a list of one); empty when absent or empty. */
    private static List<Key> keys(MappingReader fields, String field) {
        Node node = fields.value(field);
        if (node == null || MappingReader.isNull(node)) {
            return List.of();
        }
        List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
        List<Key> keys = new ArrayList<>();
        for (Node item : items) {
            if (!(item instanceof ScalarNode scalar) || MappingReader.isNull(item)) {
                fields.report(item, field, "expected attribute keys as text, such as [enduser.id, http.request.header.*]");
                continue;
            }
            String text = scalar.getValue().trim();
            int star = text.indexOf('*');
            if (text.isEmpty()) {
                fields.report(item, field, "an empty key matches nothing");
            } else if (star >= 0 && star != text.length() - 1) {
                fields.report(item, field, "'" + text + "': '*' is only allowed at the end of a key, as a prefix wildcard (e.g. http.request.header.*)");
            } else {
                keys.add(new Key(text, item));
            }
        }
        return keys;
    }

    private static void rejectServiceName(MappingReader fields, List<Key> keys, String field) {
        for (Key key : keys) {
            if (key.text().equals(AttributeRules.SERVICE_NAME)) {
                fields.report(key.node(), field, "'" + AttributeRules.SERVICE_NAME
                        + "' is always kept, since traces cannot be read without it; remove it from this list");
            }
        }
    }

    private static void rejectDeletedAndHashed(MappingReader fields, List<Key> delete, List<Key> hash) {
        Map<String, Node> deleted = new HashMap<>();
        delete.forEach(key -> deleted.putIfAbsent(key.text(), key.node()));
        for (Key key : hash) {
            Node first = deleted.get(key.text());
            // service.name was reported already, as always kept
            if (first != null && !key.text().equals(AttributeRules.SERVICE_NAME)) {
                fields.report(key.node(), "hash", "'" + key.text() + "' is also deleted (line "
                        + ConfigProblems.lineOf(first) + "); delete runs first, so there would be nothing to hash");
            }
        }
    }

    /** The hasher for the salt, or null when there is none. Messages never show the salt's text. */
    private static SaltedHash salt(MappingReader fields, boolean needed) {
        Node node = fields.value("salt");
        if (node == null || MappingReader.isNull(node)) {
            if (needed) {
                fields.report(fields.key("hash"), "salt", "required when 'hash' lists keys: a secret text mixed into"
                        + " every hash, so that hashes cannot be matched against hashes of guessed values");
            }
            return null;
        }
        String salt = fields.text("salt");
        return salt == null ? null : new SaltedHash(salt);
    }

    private List<MaskRule> masks(MappingReader fields) {
        Node node = fields.value("mask");
        if (node == null || MappingReader.isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            fields.report(node, "mask", "expected a list of masks, each '- builtin: NAME' or '- regex: PATTERN'");
            return List.of();
        }
        List<MaskRule> masks = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            MaskRule mask = mask(sequence.getValue().get(i), PLACE.field("mask").item(i + 1));
            if (mask != null) {
                masks.add(mask);
            }
        }
        return masks;
    }

    private MaskRule mask(Node node, Place at) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, at, "expected a mapping such as '{ builtin: email }' or '{ regex: \"...\", replacement: \"...\" }'");
            return null;
        }
        MappingReader fields = new MappingReader(mapping, at, problems);
        fields.rejectUnknown(MASK_FIELDS);
        String replacement = fields.textOrEmpty("replacement");
        List<Key> keys = keys(fields, "keys");
        // an empty keys list reads as "every value": masking more is the safe side
        KeySet limitedTo = keys.isEmpty() ? null : keySet(keys);
        if (fields.has("builtin") == fields.has("regex")) {
            fields.report(mapping, null, fields.has("builtin")
                    ? "give either 'builtin' or 'regex', not both"
                    : "needs 'builtin' (one of " + String.join(", ", BUILTINS.keySet()) + ") or 'regex'");
            return null;
        }
        if (fields.has("builtin")) {
            Builtin builtin = fields.choice("builtin", BUILTINS);
            return builtin == null ? null
                    : new MaskRule(builtin.create(replacement != null ? replacement : builtin.defaultReplacement()), limitedTo, builtin);
        }
        Pattern pattern = fields.regex("regex");
        return pattern == null ? null
                : new MaskRule(new RegexMask(pattern, replacement != null ? replacement : RegexMask.DEFAULT_REPLACEMENT), limitedTo, null);
    }

    private static KeySet keySet(List<Key> keys) {
        return KeySet.of(keys.stream().map(Key::text).distinct().toList());
    }
}
