package io.tracepipe.anomaly.eval;

import java.nio.ByteBuffer;

/**
 * What a baseline condition learned about one rule and group key: an exponentially weighted moving
 * average (EWMA) of the window metric, an EWMA of its absolute deviation from that average (a spread
 * that one outlier moves less than a variance would), and how many windows taught it. Immutable;
 * {@link BaselineLearner} decides which windows teach.
 */
public record BaselineState(double mean, double deviation, long windowsLearned) {

    private static final byte VERSION = 1;
    private static final int ENCODED_SIZE = 1 + 8 + 8 + 8;
    private static final BaselineState NOTHING_LEARNED = new BaselineState(0, 0, 0);

    public BaselineState {
        if (!Double.isFinite(mean) || !Double.isFinite(deviation) || deviation < 0 || windowsLearned < 0) {
            throw new IllegalArgumentException("invalid baseline: mean=" + mean + " deviation=" + deviation
                    + " windows=" + windowsLearned);
        }
    }

    /** The state before any window was learned. */
    public static BaselineState initial() {
        return NOTHING_LEARNED;
    }

    /**
     * The state after one more window: the first window sets the mean; later ones move the
     * deviation towards their distance from the current mean, then the mean towards them, each by
     * {@code weight}.
     */
    public BaselineState updated(double observed, double weight) {
        if (!(weight > 0 && weight <= 1) || !Double.isFinite(observed)) {
            throw new IllegalArgumentException("observed=" + observed + " weight=" + weight);
        }
        if (windowsLearned == 0) {
            return new BaselineState(observed, 0, 1);
        }
        double nextDeviation = (1 - weight) * deviation + weight * Math.abs(observed - mean);
        double nextMean = (1 - weight) * mean + weight * observed;
        return new BaselineState(nextMean, nextDeviation, windowsLearned + 1);
    }

    /** The state after a window that moves only the mean, by {@code weight}: used for breaching windows. */
    public BaselineState meanNudged(double observed, double weight) {
        if (windowsLearned == 0) {
            return updated(observed, weight);
        }
        return new BaselineState((1 - weight) * mean + weight * observed, deviation, windowsLearned + 1);
    }

    /** The largest unsurprising value: {@code mean + sensitivity × deviation}, and at least {@code mean + minDelta}. */
    public double upperBound(double sensitivity, double minDelta) {
        return mean + Math.max(sensitivity * deviation, minDelta);
    }

    /** This state as alerts show it. */
    public BaselineSnapshot snapshot(double sensitivity, double minDelta) {
        return new BaselineSnapshot(mean, deviation, upperBound(sensitivity, minDelta), windowsLearned);
    }

    /** A fixed-size, versioned binary form for state stores. */
    public byte[] encode() {
        return ByteBuffer.allocate(ENCODED_SIZE).put(VERSION).putDouble(mean).putDouble(deviation)
                .putLong(windowsLearned).array();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not a baseline of a known version
     */
    public static BaselineState decode(byte[] bytes) {
        if (bytes.length != ENCODED_SIZE || bytes[0] != VERSION) {
            throw new IllegalArgumentException("not a version " + VERSION + " baseline (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, ENCODED_SIZE - 1);
        return new BaselineState(in.getDouble(), in.getDouble(), in.getLong());
    }
}
