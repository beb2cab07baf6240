package io.tracepipe.anomaly.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracepipe.anomaly.stats.HeavyHitters.Counter;
import io.tracepipe.anomaly.stats.HeavyHitters.Example;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeavyHittersTest {

    /** One weighted key as it arrives, with the span that may prove it. */
    private record Item(String key, long weight, Example example) {}

    private static List<Item> stream(Map<String, Integer> countsByKey, Random random) {
        List<Item> items = new ArrayList<>();
        countsByKey.forEach((key, count) -> {
            for (int i = 0; i < count; i++) {
                items.add(new Item(key, 1 + random.nextInt(3), new Example(key + "-t" + i, "s" + i, random.nextInt(1000))));
            }
        });
        Collections.shuffle(items, random);
        return items;
    }

    private static HeavyHitters summaryOf(int capacity, List<Item> items) {
        HeavyHitters summary = new HeavyHitters(capacity);
        items.forEach(item -> summary.add(item.key(), item.weight(), item.example()));
        return summary;
    }

    /** Cuts the items into {@code parts} partials and merges them along a random binary tree. */
    private static HeavyHitters mergedInRandomTree(int capacity, List<Item> items, int parts, Random random) {
        List<List<Item>> cut = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            cut.add(new ArrayList<>());
        }
        items.forEach(item -> cut.get(random.nextInt(parts)).add(item));
        List<HeavyHitters> pending = new ArrayList<>();
        cut.forEach(part -> pending.add(summaryOf(capacity, part)));
        while (pending.size() > 1) {
            HeavyHitters left = pending.remove(random.nextInt(pending.size()));
            HeavyHitters right = pending.remove(random.nextInt(pending.size()));
            left.merge(right);
            pending.add(left);
        }
        return pending.get(0);
    }

    private static byte[] bytes(HeavyHitters summary) {
        BinaryWriter out = new BinaryWriter();
        summary.writeTo(out);
        return out.toByteArray();
    }

    private static Map<String, Long> trueWeights(List<Item> items) {
        Map<String, Long> weights = new HashMap<>();
        items.forEach(item -> weights.merge(item.key(), item.weight(), Long::sum));
        return weights;
    }

    @Test
    void withinCapacityEveryOrderAndGroupingGivesTheSameExactSummary() {
        Random random = new Random(7);
        List<Item> items = stream(Map.of("auth verify_token", 300, "db SELECT", 20, "payment charge", 5, "cache GET", 1), random);
        byte[] reference = bytes(summaryOf(8, items));
        Map<String, Long> truth = trueWeights(items);

        for (int trial = 0; trial < 50; trial++) {
            List<Item> shuffled = new ArrayList<>(items);
            Collections.shuffle(shuffled, random);
            HeavyHitters merged = mergedInRandomTree(8, shuffled, 1 + random.nextInt(12), random);
            assertThat(bytes(merged)).as("trial %d", trial).isEqualTo(reference);
            truth.forEach((key, weight) -> assertThat(merged.weight(key)).isEqualTo(weight));
            assertThat(merged.other()).isZero();
        }
    }

    @Test
    void mergingIsCommutativeAndAssociativeWithinCapacity() {
        Random random = new Random(3);
        HeavyHitters a = summaryOf(6, stream(Map.of("a", 40, "b", 3), random));
        HeavyHitters b = summaryOf(6, stream(Map.of("b", 7, "c", 9), random));
        HeavyHitters c = summaryOf(6, stream(Map.of("a", 2, "d", 30, "e", 1), random));

        HeavyHitters abThenC = copy(a);
        abThenC.merge(b);
        abThenC.merge(c);
        HeavyHitters bc = copy(b);
        bc.merge(c);
        HeavyHitters aThenBc = copy(a);
        aThenBc.merge(bc);
        HeavyHitters cba = copy(c);
        cba.merge(b);
        cba.merge(a);

        assertThat(bytes(aThenBc)).isEqualTo(bytes(abThenC)).isEqualTo(bytes(cba));
        assertThat(bytes(a)).as("merge leaves its argument unchanged").isEqualTo(bytes(copy(a)));
    }

    @Test
    void beyondCapacityTheBoundsHoldForEveryOrderAndGrouping() {
        Random random = new Random(11);
        Map<String, Integer> counts = new HashMap<>();
        counts.put("heavy", 900);
        counts.put("second", 400);
        for (int i = 0; i < 500; i++) {
            counts.put("noise-" + i, 1 + random.nextInt(4));
        }
        List<Item> items = stream(counts, random);
        Map<String, Long> truth = trueWeights(items);
        long total = truth.values().stream().mapToLong(Long::longValue).sum();

        for (int trial = 0; trial < 30; trial++) {
            List<Item> shuffled = new ArrayList<>(items);
            Collections.shuffle(shuffled, random);
            HeavyHitters merged = mergedInRandomTree(8, shuffled, 1 + random.nextInt(20), random);

            assertThat(merged.total()).isEqualTo(total);
            assertThat(merged.size()).isLessThanOrEqualTo(8);
            long bound = merged.errorBound();
            for (Counter kept : merged.counters()) {
                long exact = truth.get(kept.key());
                assertThat(kept.weight()).as(kept.key()).isBetween(exact - bound, exact);
            }
            truth.forEach((key, weight) -> {
                if (weight > bound) {
                    assertThat(merged.weight(key)).as("%s weighs %d > bound %d", key, weight, bound).isPositive();
                }
            });
            assertThat(merged.top(2)).extracting(Counter::key).containsExactly("heavy", "second");
        }
    }

    @Test
    void theHeavyHitterIsFoundUnderAdversarialOrders() {
        // 30 % of the weight on one key, the rest spread over 2,000 keys that appear once or twice
        List<Item> noise = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            for (int r = 0; r <= i % 2; r++) {
                noise.add(new Item("noise-" + i, 1, null));
            }
        }
        List<Item> heavy = new ArrayList<>();
        for (int i = 0; i < 1286; i++) {
            heavy.add(new Item("heavy", 1, new Example("t" + i, "s", i)));
        }

        List<List<Item>> orders = new ArrayList<>();
        List<Item> heavyLast = new ArrayList<>(noise);
        heavyLast.addAll(heavy);
        orders.add(heavyLast);
        List<Item> heavyFirst = new ArrayList<>(heavy);
        heavyFirst.addAll(noise);
        orders.add(heavyFirst);
        // interleaved so that every heavy item lands right after a decrement of all counters
        List<Item> interleaved = new ArrayList<>();
        int h = 0;
        for (int i = 0; i < noise.size(); i++) {
            interleaved.add(noise.get(i));
            if (i % 4 == 3 && h < heavy.size()) {
                interleaved.add(heavy.get(h++));
            }
        }
        interleaved.addAll(heavy.subList(h, heavy.size()));
        orders.add(interleaved);

        for (List<Item> order : orders) {
            HeavyHitters whole = summaryOf(4, order);
            assertThat(whole.top(1)).extracting(Counter::key).containsExactly("heavy");
            assertThat(whole.weight("heavy")).isGreaterThanOrEqualTo(heavy.size() - whole.errorBound());
            assertThat(whole.example("heavy")).isEqualTo(new Example("t1285", "s", 1285));
        }
        // one partial per heavy item: the heavy key is a minority in every partial, and is still found
        List<HeavyHitters> partials = new ArrayList<>();
        for (int p = 0; p < heavy.size(); p++) {
            List<Item> part = new ArrayList<>(noise.subList((p * 3) % noise.size(), Math.min(noise.size(), (p * 3) % noise.size() + 3)));
            part.add(heavy.get(p));
            partials.add(summaryOf(4, part));
        }
        HeavyHitters merged = new HeavyHitters(4);
        partials.forEach(merged::merge);
        assertThat(merged.top(1)).extracting(Counter::key).containsExactly("heavy");
        assertThat(merged.total()).isEqualTo(partials.stream().mapToLong(HeavyHitters::total).sum());
        assertThat(merged.weight("heavy")).isGreaterThanOrEqualTo(heavy.size() - merged.errorBound());
    }

    @Test
    void memoryStaysWithinTheCapacityWhateverTheNumberOfKeys() {
        HeavyHitters summary = new HeavyHitters(16);
        for (int i = 0; i < 100_000; i++) {
            summary.add("key-" + i, 1 + (i % 7), new Example("trace-" + i, "span", i));
        }
        assertThat(summary.size()).isLessThanOrEqualTo(16);
        // 16 counters of a 9-byte key, a 12-byte trace id, a 4-byte span id and three varints, plus the header
        assertThat(bytes(summary).length).isLessThan(16 * 48 + 16);
    }

    @Test
    void theEncodingRoundTrips() {
        Random random = new Random(5);
        HeavyHitters summary = summaryOf(5, stream(Map.of("a", 30, "b", 20, "c", 10, "d", 5, "e", 3, "f", 2, "g", 1), random));

        BinaryWriter out = new BinaryWriter();
        summary.writeTo(out);
        HeavyHitters read = HeavyHitters.readFrom(new BinaryReader(out.toByteArray()));

        assertThat(bytes(read)).isEqualTo(bytes(summary));
        assertThat(read.total()).isEqualTo(summary.total());
        assertThat(read.other()).isEqualTo(summary.other());
        assertThat(read.top(5)).isEqualTo(summary.top(5));
    }

    @Test
    void corruptEncodingsAreRejected() {
        BinaryWriter tooMany = new BinaryWriter().writeVarLong(1).writeVarLong(5).writeVarLong(2);
        assertThatThrownBy(() -> HeavyHitters.readFrom(new BinaryReader(tooMany.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 1");
        BinaryWriter moreThanTotal = new BinaryWriter().writeVarLong(2).writeVarLong(1).writeVarLong(1)
                .writeString("a").writeVarLong(5).writeByte(0);
        assertThatThrownBy(() -> HeavyHitters.readFrom(new BinaryReader(moreThanTotal.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more");
    }

    private static HeavyHitters copy(HeavyHitters summary) {
        HeavyHitters copy = new HeavyHitters(summary.capacity());
        copy.merge(summary);
        return copy;
    }
}
