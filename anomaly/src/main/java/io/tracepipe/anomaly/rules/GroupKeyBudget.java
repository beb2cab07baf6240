package io.tracepipe.anomaly.rules;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Caps the distinct group keys of one rule per window: the first {@code maxKeys} keys of a window
 * keep their own bucket, every further new key lands in the overflow bucket, so a high-cardinality
 * attribute in {@code group_by} cannot blow up state. In memory only; not thread-safe.
 */
public final class GroupKeyBudget {

    private final int maxKeys;
    private final TreeMap<Long, Set<GroupKey>> admittedByWindow = new TreeMap<>();

    public GroupKeyBudget(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1: " + maxKeys);
        }
        this.maxKeys = maxKeys;
    }

    /** The bucket of {@code key} in the window starting at {@code windowStartMs}: the key itself, or the overflow key. */
    public GroupKey admit(long windowStartMs, GroupKey key) {
        if (key.isOverflow()) {
            return key;
        }
        Set<GroupKey> admitted = admittedByWindow.computeIfAbsent(windowStartMs, start -> new HashSet<>());
        if (admitted.contains(key)) {
            return key;
        }
        if (admitted.size() < maxKeys) {
            admitted.add(key);
            return key;
        }
        return key.toOverflow();
    }

    /** The number of keys with their own bucket in the window starting at {@code windowStartMs}. */
    public int admittedIn(long windowStartMs) {
        Set<GroupKey> admitted = admittedByWindow.get(windowStartMs);
        return admitted == null ? 0 : admitted.size();
    }

    /** Drops the windows starting before {@code windowStartMs}, once they are closed. */
    public void forgetBefore(long windowStartMs) {
        Map<Long, Set<GroupKey>> older = admittedByWindow.headMap(windowStartMs);
        older.clear();
    }

    /** The number of windows still tracked. */
    public int windowCount() {
        return admittedByWindow.size();
    }
}
