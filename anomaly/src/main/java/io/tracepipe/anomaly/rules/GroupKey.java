package io.tracepipe.anomaly.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The group a span falls in for one rule: the values of the rule's {@code group_by} keys, in the
 * rule's order. Its {@link #encoded()} form is stable and can be used as a state-store or record key.
 */
public final class GroupKey {

    /** The value of every label of the overflow key. */
    public static final String OVERFLOW = "__overflow__";

    private static final GroupKey EMPTY = new GroupKey(new LinkedHashMap<>());

    private final Map<String, String> labels;
    private final String encoded;

    private GroupKey(LinkedHashMap<String, String> labels) {
        this.labels = Collections.unmodifiableMap(labels);
        this.encoded = encode(labels);
    }

    /** A key with these labels, in the map's iteration order. */
    public static GroupKey of(Map<String, String> labels) {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        labels.forEach((name, value) -> copy.put(requireText(name, "label name"), requireText(value, "label value")));
        return copy.isEmpty() ? EMPTY : new GroupKey(copy);
    }

    /** A key from alternating names and values: {@code of("service", "cart", "operation", "GET /")}. */
    public static GroupKey of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        LinkedHashMap<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return of(labels);
    }

    /** The key every label of which is {@value #OVERFLOW}: where new keys go once a window's budget is spent. */
    public static GroupKey overflow(List<String> names) {
        LinkedHashMap<String, String> labels = new LinkedHashMap<>();
        for (String name : names) {
            labels.put(name, OVERFLOW);
        }
        return of(labels);
    }

    /** The overflow key with this key's label names. */
    public GroupKey toOverflow() {
        return overflow(new ArrayList<>(labels.keySet()));
    }

    /** Whether this is an overflow key. */
    public boolean isOverflow() {
        return !labels.isEmpty() && labels.values().stream().allMatch(OVERFLOW::equals);
    }

    /** The labels, in {@code group_by} order; read-only. */
    public Map<String, String> labels() {
        return labels;
    }

    /**
     * The key as one string, {@code name=value} pairs joined by commas, with {@code \}, {@code ,} and
     * {@code =} escaped by a backslash; {@link #decode} reads it back.
     */
    public String encoded() {
        return encoded;
    }

    /** Reads a key written by {@link #encoded()}. */
    public static GroupKey decode(String encoded) {
        LinkedHashMap<String, String> labels = new LinkedHashMap<>();
        if (encoded.isEmpty()) {
            return EMPTY;
        }
        StringBuilder current = new StringBuilder();
        String name = null;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '\\') {
                if (++i == encoded.length()) {
                    throw new IllegalArgumentException("dangling escape in group key: " + encoded);
                }
                current.append(encoded.charAt(i));
            } else if (c == '=' && name == null) {
                name = current.toString();
                current.setLength(0);
            } else if (c == ',') {
                if (name == null) {
                    throw new IllegalArgumentException("label without '=' in group key: " + encoded);
                }
                labels.put(name, current.toString());
                name = null;
                current.setLength(0);
            } else if (c == '=') {
                throw new IllegalArgumentException("unescaped '=' in a label value of group key: " + encoded);
            } else {
                current.append(c);
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("label without '=' in group key: " + encoded);
        }
        labels.put(name, current.toString());
        return new GroupKey(labels);
    }

    private static String encode(Map<String, String> labels) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (out.length() > 0) {
                out.append(',');
            }
            escape(label.getKey(), out);
            out.append('=');
            escape(label.getValue(), out);
        }
        return out.toString();
    }

    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == ',' || c == '=') {
                out.append('\\');
            }
            out.append(c);
        }
    }

    private static String requireText(String text, String what) {
        if (text == null) {
            throw new NullPointerException(what);
        }
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey other && encoded.equals(other.encoded);
    }

    @Override
    public int hashCode() {
        return encoded.hashCode();
    }

    @Override
    public String toString() {
        return "{" + encoded + "}";
    }
}
