package io.tracepipe.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Attribute keys written by name, or ending in {@code *} as a prefix wildcard ({@code http.request.header.*}). */
final class KeySet {
    static final KeySet EMPTY = new KeySet(List.of());

    private final List<String> written;
    private final Set<String> exact = new HashSet<>();
    private final String[] prefixes;

    private KeySet(Collection<String> keys) {
        this.written = List.copyOf(keys);
        List<String> prefixList = new ArrayList<>();
        for (String key : keys) {
            if (key.endsWith("*")) {
                prefixList.add(key.substring(0, key.length() - 1));
            } else {
                exact.add(key);
            }
        }
        this.prefixes = prefixList.toArray(String[]::new);
    }

    static KeySet of(Collection<String> keys) {
        return keys.isEmpty() ? EMPTY : new KeySet(keys);
    }

    boolean matches(String key) {
        if (exact.contains(key)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return written.isEmpty();
    }

    @Override
    public String toString() {
        return written.toString();
    }
}
