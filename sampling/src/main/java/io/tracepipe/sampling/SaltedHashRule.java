package io.tracepipe.sampling;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * The Collector's probabilistic tail-sampling rule for a {@code hash_salt}: the 64-bit FNV-1a hash
 * of the salt's UTF-8 bytes followed by the 16 trace-id bytes, read unsigned, is sampled iff it is
 * at most {@code ratio × (2^64 − 1)} (computed as Go's {@code big.Float} does: the product rounded
 * to 64 significant bits, then truncated). The same salt and percentage therefore give the same
 * decisions here and in a Collector; a different salt gives an independent sample.
 */
final class SaltedHashRule implements Predicate<byte[]> {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final byte[] salt;
    private final long threshold;
    private final boolean never;

    SaltedHashRule(String salt, double ratio) {
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new IllegalArgumentException("ratio must be in [0, 1], not " + ratio);
        }
        this.salt = salt.getBytes(StandardCharsets.UTF_8);
        this.threshold = threshold(ratio);
        // the Collector would still sample a hash of exactly 0 at 0 %; here 0 % means none
        this.never = ratio == 0.0;
    }

    @Override
    public boolean test(byte[] traceId) {
        return !never && Long.compareUnsigned(hash(salt, traceId), threshold) <= 0;
    }

    /** FNV-1a, 64 bits, over {@code salt} then {@code traceId}. */
    static long hash(byte[] salt, byte[] traceId) {
        long h = FNV_OFFSET;
        for (byte b : salt) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        for (byte b : traceId) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    /** {@code ratio × (2^64 − 1)} rounded to 64 significant bits (nearest, ties to even), truncated; an unsigned long. */
    static long threshold(double ratio) {
        if (ratio == 0.0) {
            return 0;
        }
        long bits = Double.doubleToLongBits(ratio);
        int biasedExponent = (int) ((bits >>> 52) & 0x7ff);
        long fraction = bits & ((1L << 52) - 1);
        long mantissa = biasedExponent == 0 ? fraction : fraction | (1L << 52);
        int exponent = (biasedExponent == 0 ? 1 : biasedExponent) - 1075;
        // ratio = mantissa × 2^exponent exactly, so the product is an integer times a power of two
        BigInteger product = MAX_UINT64.multiply(BigInteger.valueOf(mantissa));
        int excess = product.bitLength() - 64;
        if (excess > 0) {
            BigInteger kept = product.shiftRight(excess);
            BigInteger dropped = product.subtract(kept.shiftLeft(excess));
            int vsHalf = dropped.compareTo(BigInteger.ONE.shiftLeft(excess - 1));
            if (vsHalf > 0 || vsHalf == 0 && kept.testBit(0)) {
                kept = kept.add(BigInteger.ONE);
            }
            product = kept.shiftLeft(excess);
        }
        BigInteger whole = exponent >= 0 ? product.shiftLeft(exponent) : product.shiftRight(-exponent);
        return whole.min(MAX_UINT64).longValue();
    }
}
