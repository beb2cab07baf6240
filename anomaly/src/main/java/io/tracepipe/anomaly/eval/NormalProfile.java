package io.tracepipe.anomaly.eval;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the bad spans' critical-path time goes in normal windows of one latency rule and group
 * key: an exponentially weighted moving average of each operation's share (keyed by
 * {@code SpanCauses.key}), learned by {@link ProfileLearner}. A slow window is explained by what
 * grew beyond these shares, not by what is always slow. At most {@link #MAX_OPERATIONS} shares are
 * kept. Immutable.
 */
public record NormalProfile(Map<String, Double> shares, long windowsLearned) {

    /** The most operations remembered; the smallest shares go first. */
    public static final int MAX_OPERATIONS = 16;
    /** Shares below this are forgotten. */
    static final double FORGET_BELOW = 0.002;

    private static final byte VERSION = 1;

    public NormalProfile {
        shares = Collections.unmodifiableMap(new TreeMap<>(shares));
        if (windowsLearned < 0 || shares.size() > MAX_OPERATIONS) {
            throw new IllegalArgumentException("invalid normal profile: " + shares.size() + " shares, " + windowsLearned + " windows");
        }
    }

    /** The learned share of an operation; 0 when it was never (or is no longer) seen. */
    public double share(String operationKey) {
        return shares.getOrDefault(operationKey, 0.0);
    }

    /**
     * The profile after one more normal window whose shares are {@code observed}: the first window
     * sets them; later ones move every share towards the window's by {@code weight} (an operation
     * absent from either side counts 0 there).
     */
    public static NormalProfile updated(NormalProfile previous, Map<String, Double> observed, double weight) {
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be in (0, 1]: " + weight);
        }
        Map<String, Double> next = new HashMap<>();
        if (previous == null || previous.windowsLearned == 0) {
            next.putAll(observed);
        } else {
            previous.shares.forEach((key, share) -> next.put(key, (1 - weight) * share));
            observed.forEach((key, share) -> next.merge(key, weight * share, Double::sum));
        }
        List<Map.Entry<String, Double>> kept = new ArrayList<>(next.entrySet());
        kept.removeIf(e -> e.getValue() < FORGET_BELOW);
        kept.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Double> shares = new HashMap<>();
        kept.stream().limit(MAX_OPERATIONS).forEach(e -> shares.put(e.getKey(), e.getValue()));
        return new NormalProfile(shares, previous == null ? 1 : previous.windowsLearned + 1);
    }

    /** A versioned binary form for state stores. */
    public byte[] encode() {
        List<byte[]> keys = new ArrayList<>(shares.size());
        int size = 1 + Long.BYTES + Integer.BYTES;
        for (String key : shares.keySet()) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            keys.add(bytes);
            size += Integer.BYTES + bytes.length + Double.BYTES;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(VERSION).putLong(windowsLearned).putInt(shares.size());
        int i = 0;
        for (double share : shares.values()) {
            byte[] key = keys.get(i++);
            out.putInt(key.length).put(key).putDouble(share);
        }
        return out.array();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not a profile of a known version
     */
    public static NormalProfile decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                throw new IllegalArgumentException("not a version " + VERSION + " normal profile");
            }
            long windows = in.getLong();
            int count = in.getInt();
            if (count < 0 || count > MAX_OPERATIONS) {
                throw new IllegalArgumentException("normal profile of " + count + " operations");
            }
            Map<String, Double> shares = new HashMap<>();
            for (int i = 0; i < count; i++) {
                byte[] key = new byte[in.getInt()];
                in.get(key);
                shares.put(new String(key, StandardCharsets.UTF_8), in.getDouble());
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after a normal profile");
            }
            return new NormalProfile(shares, windows);
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated normal profile", e);
        }
    }
}
