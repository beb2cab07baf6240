package io.tracepipe.anomaly.health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts per key with at most {@code maxKeys} keys; further keys are counted under the overflow
 * key. Each entry keeps a sum, the worst score seen and the trace that had it (its example).
 */
final class Tally<K> {
    /** One key's counts. */
    static final class Entry {
        long count;
        long sum;
        long worst = Long.MIN_VALUE;
        String example;

        void add(long n, long value, long score, String traceId) {
            count += n;
            sum += value;
            // the later trace wins a tie: an example of what happens now
            if (score >= worst) {
                worst = score;
                example = traceId;
            }
        }

        void merge(Entry other) {
            count += other.count;
            sum += other.sum;
            if (other.worst > worst || example == null) {
                worst = other.worst;
                example = other.example;
            }
        }
    }

    private final int maxKeys;
    private final K overflow;
    private final Map<K, Entry> entries = new HashMap<>();

    Tally(int maxKeys, K overflow) {
        this.maxKeys = maxKeys;
        this.overflow = overflow;
    }

    Entry entry(K key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            key = entries.size() < maxKeys ? key : overflow;
            entry = entries.computeIfAbsent(key, k -> new Entry());
        }
        return entry;
    }

    void merge(Tally<K> other) {
        other.entries.forEach((key, entry) -> entry(key).merge(entry));
    }

    long count(K key) {
        Entry entry = entries.get(key);
        return entry == null ? 0 : entry.count;
    }

    /** The keys with their entries, most counted first. */
    List<Map.Entry<K, Entry>> ranked() {
        List<Map.Entry<K, Entry>> all = new ArrayList<>(entries.entrySet());
        all.sort(Comparator.comparingLong((Map.Entry<K, Entry> e) -> e.getValue().count).reversed()
                .thenComparing(e -> e.getKey().toString()));
        return all;
    }
}
