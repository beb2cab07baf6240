package io.tracepipe.anomaly.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The heaviest keys of a stream of weighted keys, in bounded memory: at most {@code capacity}
 * counters, the rest of the weight in an {@code other} bucket. A Misra–Gries summary with the
 * merge of Agarwal et al. ("Mergeable summaries", 2012): to merge, counters of the same key add
 * up, then the (capacity + 1)-th largest counter is subtracted from every counter and the ones
 * that drop to zero or below go. A single add is a merge with a one-key summary.
 *
 * <p>Guarantees, whatever the order of the adds and the grouping of the merges: the total is
 * exact; a kept weight never exceeds the key's true weight and falls short of it by at most
 * {@link #errorBound()} = other / (capacity + 1); every key heavier than that bound is kept.
 * While the distinct keys fit the capacity nothing is ever subtracted, so the summary is exact and
 * identical for every order and grouping (its encoding included). Beyond that the kept weights may
 * differ between orders by at most the bound.
 *
 * <p>Each counter may carry one example (a span that proves the key), the best one seen by
 * {@link Example#BEST_FIRST}, so a key that stays kept gets the same example in any order.
 * Not thread-safe.
 */
public final class HeavyHitters {

    /** A span that proves a key: the one with the largest score, ids breaking ties. */
    public record Example(String traceId, String spanId, long score) {
        public Example {
            java.util.Objects.requireNonNull(traceId, "traceId");
            java.util.Objects.requireNonNull(spanId, "spanId");
            if (score < 0) {
                throw new IllegalArgumentException("score must be >= 0: " + score);
            }
        }

        /** Largest score first, then the smaller trace id, then the smaller span id: an order that never depends on arrival. */
        public static final Comparator<Example> BEST_FIRST = Comparator.comparingLong(Example::score).reversed()
                .thenComparing(Example::traceId)
                .thenComparing(Example::spanId);

        static Example better(Example a, Example b) {
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            return BEST_FIRST.compare(a, b) <= 0 ? a : b;
        }
    }

    /** One kept key with its (lower-bound) weight and its example, if any. */
    public record Counter(String key, long weight, Example example) {}

    /** Heaviest first, then by key: the order {@link #top} answers in. */
    private static final Comparator<Counter> HEAVIEST_FIRST = Comparator.comparingLong(Counter::weight).reversed()
            .thenComparing(Counter::key);

    private final int capacity;
    private long total;
    private final Map<String, Slot> slots = new HashMap<>();

    private static final class Slot {
        long weight;
        Example example;

        Slot(long weight, Example example) {
            this.weight = weight;
            this.example = example;
        }
    }

    /** An empty summary of at most {@code capacity} counters. */
    public HeavyHitters(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds {@code weight} (> 0) to {@code key}, with an example that may prove it (null for none). */
    public void add(String key, long weight, Example example) {
        if (weight <= 0) {
            throw new IllegalArgumentException("weight must be > 0: " + weight);
        }
        total += weight;
        Slot slot = slots.get(key);
        if (slot != null) {
            slot.weight += weight;
            slot.example = Example.better(slot.example, example);
            return;
        }
        slots.put(key, new Slot(weight, example));
        if (slots.size() > capacity) {
            // capacity + 1 counters: the (capacity + 1)-th largest is the smallest
            long smallest = Long.MAX_VALUE;
            for (Slot s : slots.values()) {
                smallest = Math.min(smallest, s.weight);
            }
            subtract(smallest);
        }
    }

    /** Adds another summary into this one; {@code other} is left unchanged. */
    public void merge(HeavyHitters other) {
        total += other.total;
        for (Map.Entry<String, Slot> entry : other.slots.entrySet()) {
            Slot theirs = entry.getValue();
            Slot mine = slots.get(entry.getKey());
            if (mine == null) {
                slots.put(entry.getKey(), new Slot(theirs.weight, theirs.example));
            } else {
                mine.weight += theirs.weight;
                mine.example = Example.better(mine.example, theirs.example);
            }
        }
        if (slots.size() > capacity) {
            long[] weights = new long[slots.size()];
            int i = 0;
            for (Slot s : slots.values()) {
                weights[i++] = s.weight;
            }
            Arrays.sort(weights);
            subtract(weights[weights.length - 1 - capacity]);
        }
    }

    private void subtract(long amount) {
        slots.values().removeIf(s -> (s.weight -= amount) <= 0);
    }

    /** The exact sum of every weight added. */
    public long total() {
        return total;
    }

    /** The weight not held by a kept counter: of keys dropped, and what was subtracted from kept ones. */
    public long other() {
        long kept = 0;
        for (Slot s : slots.values()) {
            kept += s.weight;
        }
        return total - kept;
    }

    /** How much a kept weight may fall short of the key's true weight. */
    public long errorBound() {
        return other() / (capacity + 1);
    }

    public int capacity() {
        return capacity;
    }

    /** How many keys are kept (at most the capacity). */
    public int size() {
        return slots.size();
    }

    /** The kept weight of {@code key}: 0 when it is not kept. */
    public long weight(String key) {
        Slot slot = slots.get(key);
        return slot == null ? 0 : slot.weight;
    }

    /** The example of {@code key}, or null. */
    public Example example(String key) {
        Slot slot = slots.get(key);
        return slot == null ? null : slot.example;
    }

    /** The {@code n} heaviest kept keys, heaviest first, ties by key. */
    public List<Counter> top(int n) {
        List<Counter> all = counters();
        all.sort(HEAVIEST_FIRST);
        return all.size() <= n ? all : new ArrayList<>(all.subList(0, n));
    }

    /** Every kept key, in no particular order. */
    public List<Counter> counters() {
        List<Counter> all = new ArrayList<>(slots.size());
        slots.forEach((key, slot) -> all.add(new Counter(key, slot.weight, slot.example)));
        return all;
    }

    /** Writes the summary, counters sorted by key so that equal summaries have equal bytes. */
    void writeTo(BinaryWriter out) {
        out.writeVarLong(capacity).writeVarLong(total).writeVarLong(slots.size());
        List<Counter> sorted = counters();
        sorted.sort(Comparator.comparing(Counter::key));
        for (Counter c : sorted) {
            out.writeString(c.key()).writeVarLong(c.weight());
            Example e = c.example();
            out.writeByte(e == null ? 0 : 1);
            if (e != null) {
                out.writeString(e.traceId()).writeString(e.spanId()).writeVarLong(e.score());
            }
        }
    }

    /** Reads what {@link #writeTo} wrote; throws IllegalArgumentException on corrupt input. */
    static HeavyHitters readFrom(BinaryReader in) {
        int capacity = in.readSize();
        if (capacity < 1) {
            throw new IllegalArgumentException("heavy hitters of capacity " + capacity);
        }
        HeavyHitters summary = new HeavyHitters(capacity);
        summary.total = in.readVarLong();
        int size = in.readSize();
        if (size > capacity) {
            throw new IllegalArgumentException(size + " counters in heavy hitters of capacity " + capacity);
        }
        long kept = 0;
        for (int i = 0; i < size; i++) {
            String key = in.readString();
            long weight = in.readVarLong();
            Example example = in.readByte() == 0 ? null : new Example(in.readString(), in.readString(), in.readVarLong());
            if (weight <= 0 || summary.slots.put(key, new Slot(weight, example)) != null) {
                throw new IllegalArgumentException("bad counter for '" + key + "' in heavy hitters");
            }
            kept += weight;
        }
        if (kept > summary.total) {
            throw new IllegalArgumentException("heavy hitters keep more (" + kept + ") than their total " + summary.total);
        }
        return summary;
    }

    @Override
    public String toString() {
        return "HeavyHitters{total=" + total + ", top=" + top(3) + "}";
    }
}
