package io.tracepipe.sampling;

import java.nio.ByteBuffer;
import java.util.function.Predicate;

/**
 * The OpenTelemetry Java SDK's {@code TraceIdRatioBased} sampler rule, bit for bit, so that a
 * trace an upstream SDK sampled at the same ratio is sampled here too, on every instance and
 * every replay: the last 8 bytes of the trace id, read as a big-endian signed long {@code x}, are
 * sampled iff {@code Math.abs(x) < bound}, where {@code bound} is {@code (long) (ratio *
 * Long.MAX_VALUE)}, {@code Long.MIN_VALUE} for ratio 0 (never, not even for {@code x ==
 * Long.MIN_VALUE}, whose absolute value is itself) and {@code Long.MAX_VALUE} for ratio 1 (so
 * {@code x == ±Long.MAX_VALUE} is not sampled even at 100 %, as in the SDK).
 */
final class TraceIdRatioRule implements Predicate<byte[]> {

    private final long idUpperBound;

    TraceIdRatioRule(double ratio) {
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new IllegalArgumentException("ratio must be in [0, 1], not " + ratio);
        }
        this.idUpperBound = idUpperBound(ratio);
    }

    static long idUpperBound(double ratio) {
        // the SDK special-cases the limits to avoid precision issues across the double/long boundary
        if (ratio == 0.0) {
            return Long.MIN_VALUE;
        }
        if (ratio == 1.0) {
            return Long.MAX_VALUE;
        }
        return (long) (ratio * Long.MAX_VALUE);
    }

    /** The "random part" the SDK reads: the trace id's last 8 bytes as a big-endian long. */
    static long randomPart(byte[] traceId) {
        return ByteBuffer.wrap(traceId, 8, 8).getLong();
    }

    @Override
    public boolean test(byte[] traceId) {
        return Math.abs(randomPart(traceId)) < idUpperBound;
    }
}
