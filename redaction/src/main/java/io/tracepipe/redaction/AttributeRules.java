package io.tracepipe.redaction;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The redaction rules for one list of attributes (or alert labels), applied in the order
 * allow-list → delete → hash → mask. Every method returns its very input when no rule changed
 * it, so that callers rebuild only the messages that did change.
 *
 * <p>An entry nested in a kvlist value is known by its dotted path ({@code http.request.header}
 * holding {@code authorization} is {@code http.request.header.authorization}): delete, hash and
 * the {@code keys} of masks match paths, and a rule that matches a path covers everything inside
 * its value. The allow-list looks at top-level keys only. Array elements share their array's path.
 */
final class AttributeRules {
    static final String SERVICE_NAME = "service.name";
    /** Alert labels that name what the alert is about, kept like {@code service.name} in traces. */
    private static final Set<String> KEPT_LABELS = Set.of(SERVICE_NAME, "service", "operation");

    private final KeySet allow;
    private final KeySet delete;
    private final KeySet hash;
    private final SaltedHash hasher;
    private final List<MaskRule> masks;
    private final List<MaskRule> everywhere;
    private final List<MaskRule> keyed;

    /**
     * @param allow  the allow-list, or null for none
     * @param hasher null when {@code hash} is empty
     */
    AttributeRules(KeySet allow, KeySet delete, KeySet hash, SaltedHash hasher, List<MaskRule> masks) {
        this.allow = allow;
        this.delete = delete;
        this.hash = hash;
        this.hasher = hash.isEmpty() ? null : hasher;
        this.masks = List.copyOf(masks);
        this.everywhere = this.masks.stream().filter(MaskRule::everywhere).toList();
        this.keyed = this.masks.stream().filter(m -> !m.everywhere()).toList();
    }

    boolean isNoop() {
        return allow == null && delete.isEmpty() && hasher == null && masks.isEmpty();
    }

    /** The attributes after the rules, or {@code attributes} itself when nothing changed. */
    List<KeyValue> apply(List<KeyValue> attributes) {
        return entries(attributes, null, everywhere);
    }

    /** Labels by the same rules (name as the key); {@code labels} itself when nothing changed. */
    Map<String, String> labels(Map<String, String> labels) {
        Map<String, String> out = null;
        int index = 0;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String value = label.getValue();
            String result = value == null ? null : label(label.getKey(), value);
            if (result != value && out == null) {
                out = new LinkedHashMap<>();
                int copied = 0;
                for (Map.Entry<String, String> earlier : labels.entrySet()) {
                    if (copied++ == index) {
                        break;
                    }
                    out.put(earlier.getKey(), earlier.getValue());
                }
            }
            if (out != null && (result != null || value == null)) {
                out.put(label.getKey(), result);
            }
            index++;
        }
        return out == null ? labels : Collections.unmodifiableMap(out);
    }

    /** The label's new value, {@code value} itself when unchanged, null when it is dropped. */
    private String label(String name, String value) {
        if (!KEPT_LABELS.contains(name)) {
            if (allow != null && !allow.matches(name) || delete.matches(name)) {
                return null;
            }
            if (hasher != null && hash.matches(name)) {
                return hasher.of(value);
            }
        }
        return mask(value, active(name, everywhere));
    }

    private List<KeyValue> entries(List<KeyValue> list, String prefix, List<MaskRule> inherited) {
        List<KeyValue> out = null;
        for (int i = 0; i < list.size(); i++) {
            KeyValue entry = list.get(i);
            String path = prefix == null ? entry.getKey() : prefix + '.' + entry.getKey();
            KeyValue result = entry(entry, path, prefix == null, inherited);
            if (result != entry && out == null) {
                out = new ArrayList<>(list.size());
                out.addAll(list.subList(0, i));
            }
            if (out != null && result != null) {
                out.add(result);
            }
        }
        return out == null ? list : out;
    }

    /** The entry after the rules; null when it is dropped. */
    private KeyValue entry(KeyValue entry, String path, boolean topLevel, List<MaskRule> inherited) {
        AnyValue value = entry.getValue();
        // service.name survives every key rule: a trace without it cannot be read.
        boolean keyRules = !SERVICE_NAME.equals(path);
        if (keyRules && (topLevel && allow != null && !allow.matches(path) || delete.matches(path))) {
            return null;
        }
        AnyValue result = keyRules && hasher != null && hash.matches(path)
                ? hashed(value, path)
                : masked(value, path, active(path, inherited));
        return result == value ? entry : entry.toBuilder().setValue(result).build();
    }

    /** The masks for {@code path}: those of its parent plus those that name it; no copy when none do. */
    private List<MaskRule> active(String path, List<MaskRule> inherited) {
        boolean named = false;
        for (MaskRule rule : keyed) {
            if (rule.namedIn(path)) {
                named = true;
                break;
            }
        }
        if (!named) {
            return inherited;
        }
        List<MaskRule> active = new ArrayList<>(masks.size());
        for (MaskRule rule : masks) {
            // keep the configured order: masks see each other's output
            if (rule.everywhere() || rule.namedIn(path) || inherited.contains(rule)) {
                active.add(rule);
            }
        }
        return active;
    }

    private AnyValue masked(AnyValue value, String path, List<MaskRule> active) {
        switch (value.getValueCase()) {
            case STRING_VALUE -> {
                if (active.isEmpty()) {
                    return value;
                }
                String text = value.getStringValue();
                String result = mask(text, active);
                return result == text ? value : text(result);
            }
            case ARRAY_VALUE -> {
                List<AnyValue> values = value.getArrayValue().getValuesList();
                List<AnyValue> out = null;
                for (int i = 0; i < values.size(); i++) {
                    AnyValue element = values.get(i);
                    AnyValue result = masked(element, path, active);
                    if (result != element && out == null) {
                        out = new ArrayList<>(values);
                    }
                    if (out != null) {
                        out.set(i, result);
                    }
                }
                return out == null ? value : array(out);
            }
            case KVLIST_VALUE -> {
                List<KeyValue> values = value.getKvlistValue().getValuesList();
                List<KeyValue> out = entries(values, path, active);
                return out == values ? value : kvlist(out);
            }
            default -> {
                return value;
            }
        }
    }

    /**
     * The value with every scalar inside replaced by the salted hash of its text: strings as they
     * are, integers and doubles as Java prints them ({@code 42}, {@code 0.5}), booleans as
     * {@code true}/{@code false}, bytes as they are. Arrays and kvlists keep their shape.
     */
    private AnyValue hashed(AnyValue value, String path) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> text(hasher.of(value.getStringValue()));
            case INT_VALUE -> text(hasher.of(Long.toString(value.getIntValue())));
            case DOUBLE_VALUE -> text(hasher.of(Double.toString(value.getDoubleValue())));
            case BOOL_VALUE -> text(hasher.of(Boolean.toString(value.getBoolValue())));
            case BYTES_VALUE -> text(hasher.of(value.getBytesValue()));
            case ARRAY_VALUE -> {
                List<AnyValue> out = new ArrayList<>(value.getArrayValue().getValuesCount());
                for (AnyValue element : value.getArrayValue().getValuesList()) {
                    out.add(hashed(element, path));
                }
                yield array(out);
            }
            case KVLIST_VALUE -> {
                List<KeyValue> out = new ArrayList<>(value.getKvlistValue().getValuesCount());
                for (KeyValue entry : value.getKvlistValue().getValuesList()) {
                    String child = path + '.' + entry.getKey();
                    // delete comes before hash, also for what a hashed value holds
                    if (!delete.matches(child)) {
                        out.add(entry.toBuilder().setValue(hashed(entry.getValue(), child)).build());
                    }
                }
                yield kvlist(out);
            }
            default -> value;
        };
    }

    private static String mask(String text, List<MaskRule> active) {
        String result = text;
        for (int i = 0; i < active.size(); i++) {
            result = active.get(i).mask().apply(result);
        }
        return result;
    }

    private static AnyValue text(String text) {
        return AnyValue.newBuilder().setStringValue(text).build();
    }

    private static AnyValue array(List<AnyValue> values) {
        return AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(values)).build();
    }

    private static AnyValue kvlist(List<KeyValue> values) {
        return AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(values)).build();
    }

    @Override
    public String toString() {
        if (isNoop()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (allow != null) {
            parts.add("allow=" + allow + " (and " + SERVICE_NAME + ")");
        }
        if (!delete.isEmpty()) {
            parts.add("delete=" + delete);
        }
        if (hasher != null) {
            parts.add("hash=" + hash + " (" + hasher + ")");
        }
        if (!masks.isEmpty()) {
            parts.add("mask=" + masks);
        }
        return String.join(", ", parts);
    }
}
