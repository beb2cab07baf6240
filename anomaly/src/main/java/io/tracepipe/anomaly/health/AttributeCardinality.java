package io.tracepipe.anomaly.health;

import io.tracepipe.anomaly.stats.HyperLogLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distinct values per (service, attribute key), one {@link HyperLogLog} each (exact up to 128
 * values, then 4 KiB and 1.6 % standard error), for at most {@code maxKeys} pairs: values of pairs
 * beyond the cap are not counted, only how many there were ({@link #capped()}). Mergeable. Not thread-safe.
 */
public final class AttributeCardinality {
    /** One pair's estimate, with the last trace that carried the key. */
    public record Row(String service, String key, long distinct, String exampleTraceId) {}

    private static final class Distinct {
        final HyperLogLog sketch = new HyperLogLog();
        String example;
    }

    private final int maxKeys;
    private final Map<String, Map<String, Distinct>> byService = new HashMap<>();
    private int keys;
    private long capped;

    public AttributeCardinality(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1: " + maxKeys);
        }
        this.maxKeys = maxKeys;
    }

    /** Adds one value, by its hash, of {@code key} seen on {@code service} in trace {@code traceId}. */
    public void add(String service, String key, long valueHash, String traceId) {
        Distinct distinct = tracked(service, key);
        if (distinct == null) {
            capped++;
            return;
        }
        distinct.sketch.add(valueHash);
        distinct.example = traceId;
    }

    private Distinct tracked(String service, String key) {
        Map<String, Distinct> keysOfService = byService.get(service);
        Distinct distinct = keysOfService == null ? null : keysOfService.get(key);
        if (distinct == null && keys < maxKeys) {
            keys++;
            distinct = new Distinct();
            byService.computeIfAbsent(service, s -> new HashMap<>()).put(key, distinct);
        }
        return distinct;
    }

    /** Adds the counts of {@code other} into this one; {@code other} is left unchanged. */
    public void merge(AttributeCardinality other) {
        capped += other.capped;
        other.byService.forEach((service, keysOfService) -> keysOfService.forEach((key, theirs) -> {
            Distinct mine = tracked(service, key);
            if (mine == null) {
                capped++;
                return;
            }
            mine.sketch.merge(theirs.sketch);
            if (theirs.example != null) {
                mine.example = theirs.example;
            }
        }));
    }

    /** Values not counted because their (service, key) pair came after the cap. */
    public long capped() {
        return capped;
    }

    /** Every pair with at least {@code atLeast} distinct values, most first. */
    public List<Row> rows(long atLeast) {
        List<Row> rows = new ArrayList<>();
        byService.forEach((service, keysOfService) -> keysOfService.forEach((key, distinct) -> {
            long estimate = distinct.sketch.estimate();
            if (estimate >= atLeast) {
                rows.add(new Row(service, key, estimate, distinct.example));
            }
        }));
        rows.sort(Comparator.comparingLong(Row::distinct).reversed().thenComparing(Row::service).thenComparing(Row::key));
        return rows;
    }
}
