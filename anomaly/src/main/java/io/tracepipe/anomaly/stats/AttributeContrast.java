package io.tracepipe.anomaly.stats;

import io.tracepipe.anomaly.eval.Explanation;
import io.tracepipe.anomaly.model.SpanView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which attribute values are over-represented among the bad spans of a window against its good
 * ones: what Honeycomb's BubbleUp does by hand, kept for every window in bounded memory and
 * mergeable like the rest of {@link WindowStats}.
 *
 * <p>For each attribute key asked for (at most {@link #MAX_KEYS}), the values of the bad spans
 * and of the good spans are counted in two {@link HeavyHitters} of {@link #VALUES_PER_KEY}
 * counters each; values are cut to {@link #MAX_VALUE_LENGTH} characters. Every bad span is
 * counted; good spans are counted one in {@link #GOOD_SAMPLE}, chosen by a hash of the span id
 * (the same spans whatever the order, and most spans' attributes are never read). What did not
 * fit (values beyond the counters, keys beyond the limit) is counted in {@link #capped()}.
 */
public final class AttributeContrast {
    /** Counters per key and side: a value in more than 1/9 of the bad spans is always kept. */
    public static final int VALUES_PER_KEY = 8;
    /** The most attribute keys counted per window. */
    public static final int MAX_KEYS = 32;
    /** Longer values are cut to this many characters. */
    public static final int MAX_VALUE_LENGTH = 64;
    /** One good span in this many is counted. */
    public static final int GOOD_SAMPLE = 4;

    // a value found in fewer bad spans, or over-represented by less, says nothing worth a line
    private static final long MIN_BAD_SPANS = 2;
    private static final double MIN_DIFFERENCE = 0.1;
    // and a difference within three standard errors could be chance: 25 bad spans make 75 % against 53 % happen
    private static final double MIN_STANDARD_ERRORS = 3;

    private static Comparator<Explanation.Attribute> mostOverRepresentedFirst(List<String> keyOrder) {
        return Comparator.comparingDouble((Explanation.Attribute a) -> a.badShare() - a.goodShare()).reversed()
                .thenComparing(Comparator.comparingDouble(Explanation.Attribute::badShare).reversed())
                .thenComparingInt(a -> keyOrder.contains(a.key()) ? keyOrder.indexOf(a.key()) : keyOrder.size())
                .thenComparing(Explanation.Attribute::key)
                .thenComparing(Explanation.Attribute::value);
    }

    private long badSpans;
    private long goodSpans;
    private long cappedKeys;
    private final TreeMap<String, Sides> byKey = new TreeMap<>();

    private static final class Sides {
        final HeavyHitters bad;
        final HeavyHitters good;

        Sides(HeavyHitters bad, HeavyHitters good) {
            this.bad = bad;
            this.good = good;
        }

        Sides() {
            this(new HeavyHitters(VALUES_PER_KEY), new HeavyHitters(VALUES_PER_KEY));
        }
    }

    /** Whether a good span is in the counted sample: one in {@link #GOOD_SAMPLE}, by its id. */
    static boolean sampled(SpanView span) {
        int h = span.spanId().hashCode() * 0x9E3779B9; // spreads ids that differ only in their last characters
        return Integer.remainderUnsigned(h >>> 8, GOOD_SAMPLE) == 0;
    }

    /** Counts the span's values of {@code keys} on its side; a good span only when it is in the sample. */
    public void add(SpanView span, boolean bad, List<String> keys) {
        if (keys.isEmpty() || !bad && !sampled(span)) {
            return;
        }
        if (bad) {
            badSpans++;
        } else {
            goodSpans++;
        }
        Map<String, Object> attributes = span.attributes();
        for (String key : keys) {
            Object value = attributes.get(key);
            if (value == null) {
                continue;
            }
            Sides sides = sides(key);
            if (sides == null) {
                cappedKeys++;
                continue;
            }
            (bad ? sides.bad : sides.good).add(text(value), 1, null);
        }
    }

    private Sides sides(String key) {
        Sides sides = byKey.get(key);
        if (sides == null && byKey.size() < MAX_KEYS) {
            sides = new Sides();
            byKey.put(key, sides);
        }
        return sides;
    }

    private static String text(Object value) {
        String text = value.toString();
        if (text.length() <= MAX_VALUE_LENGTH) {
            return text;
        }
        int cut = MAX_VALUE_LENGTH - 1;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--; // never split a character in two
        }
        return text.substring(0, cut) + "…";
    }

    /** Adds another window's counts into this one; {@code other} is left unchanged. */
    public void merge(AttributeContrast other) {
        badSpans += other.badSpans;
        goodSpans += other.goodSpans;
        cappedKeys += other.cappedKeys;
        for (Map.Entry<String, Sides> entry : other.byKey.entrySet()) {
            Sides sides = sides(entry.getKey());
            if (sides == null) {
                cappedKeys += entry.getValue().bad.total() + entry.getValue().good.total();
                continue;
            }
            sides.bad.merge(entry.getValue().bad);
            sides.good.merge(entry.getValue().good);
        }
    }

    /** Bad spans counted. */
    public long badSpans() {
        return badSpans;
    }

    /** Good spans counted (the sample). */
    public long goodSpans() {
        return goodSpans;
    }

    /** Values not held by a counter: beyond the counters of their key, or of keys beyond {@link #MAX_KEYS}. */
    public long capped() {
        long capped = cappedKeys;
        for (Sides sides : byKey.values()) {
            capped += sides.bad.other() + sides.good.other();
        }
        return capped;
    }

    /**
     * The {@code limit} values most over-represented among the bad spans (their share among bad
     * spans minus their share among good ones), found in at least two bad spans and over-represented
     * by at least 0.1 and by at least three standard errors of that difference (a two-proportion z
     * test, so a handful of bad spans does not make up a pattern); none when there are no good
     * spans to compare with. Ties go to the larger
     * share among bad spans, then to the key that comes first in {@code keyOrder} (the rule's
     * order of preference: {@code k8s.pod.name} before {@code host.name}, which often holds the same).
     */
    public List<Explanation.Attribute> mostOverRepresented(int limit, List<String> keyOrder) {
        List<Explanation.Attribute> found = new ArrayList<>();
        if (badSpans == 0 || goodSpans == 0) {
            return found;
        }
        byKey.forEach((key, sides) -> {
            for (HeavyHitters.Counter counter : sides.bad.counters()) {
                double badShare = (double) counter.weight() / badSpans;
                double goodShare = (double) sides.good.weight(counter.key()) / goodSpans;
                if (counter.weight() >= MIN_BAD_SPANS && badShare - goodShare >= MIN_DIFFERENCE
                        && standardErrors(badShare, goodShare) >= MIN_STANDARD_ERRORS) {
                    found.add(new Explanation.Attribute(key, counter.key(), badShare, goodShare));
                }
            }
        });
        found.sort(mostOverRepresentedFirst(keyOrder));
        return found.size() <= limit ? found : new ArrayList<>(found.subList(0, limit));
    }

    /** How many standard errors apart the two shares are, with the pooled share under "no difference". */
    private double standardErrors(double badShare, double goodShare) {
        double pooled = (badShare * badSpans + goodShare * goodSpans) / (badSpans + goodSpans);
        double variance = pooled * (1 - pooled) * (1.0 / badSpans + 1.0 / goodSpans);
        return variance == 0 ? Double.POSITIVE_INFINITY : (badShare - goodShare) / Math.sqrt(variance);
    }

    void writeTo(BinaryWriter out) {
        out.writeVarLong(badSpans).writeVarLong(goodSpans).writeVarLong(cappedKeys).writeVarLong(byKey.size());
        byKey.forEach((key, sides) -> {
            out.writeString(key);
            sides.bad.writeTo(out);
            sides.good.writeTo(out);
        });
    }

    static AttributeContrast readFrom(BinaryReader in) {
        AttributeContrast contrast = new AttributeContrast();
        contrast.badSpans = in.readVarLong();
        contrast.goodSpans = in.readVarLong();
        contrast.cappedKeys = in.readVarLong();
        int keys = in.readSize();
        if (keys > MAX_KEYS) {
            throw new IllegalArgumentException(keys + " attribute keys, more than " + MAX_KEYS);
        }
        for (int i = 0; i < keys; i++) {
            String key = in.readString();
            contrast.byKey.put(key, new Sides(HeavyHitters.readFrom(in), HeavyHitters.readFrom(in)));
        }
        return contrast;
    }
}
