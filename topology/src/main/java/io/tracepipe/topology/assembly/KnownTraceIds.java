package io.tracepipe.topology.assembly;

/**
 * A Bloom filter over the trace ids that may have metadata in the assembler's store, so that the
 * first fragment of a new trace (about two fifths of all fragments) skips the store lookup, which
 * misses the cache and goes down to RocksDB only to find nothing. It never says no for an id that
 * was added; a false yes only costs that lookup. Deleted metadata cannot be taken out of a Bloom
 * filter, so the assembler rebuilds it from the deadline index (which names every trace with
 * metadata) whenever {@link #full()} says the additions have reached its capacity.
 */
final class KnownTraceIds {
    static final int MIN_CAPACITY = 1 << 16;
    // 12 bits and 3 probes per id: about 1 % false yes at capacity.
    private static final int BITS_PER_ID = 12;
    private static final int PROBES = 3;

    private final long[] words;
    private final long bitMask;
    private final long capacity;
    private long added;

    /** An empty filter with room for at least {@code capacity} ids. */
    KnownTraceIds(long capacity) {
        this.capacity = Math.max(MIN_CAPACITY, capacity);
        long bits = Long.highestOneBit(this.capacity * BITS_PER_ID - 1) << 1;
        this.words = new long[(int) Math.max(1, bits >>> 6)];
        this.bitMask = bits - 1;
    }

    void add(byte[] traceId) {
        long h1 = firstHash(traceId);
        long h2 = secondHash(traceId, h1);
        for (int i = 0; i < PROBES; i++) {
            long bit = (h1 + i * h2) & bitMask;
            words[(int) (bit >>> 6)] |= 1L << bit;
        }
        added++;
    }

    /** False only if {@code traceId} was never added. */
    boolean mightContain(byte[] traceId) {
        long h1 = firstHash(traceId);
        long h2 = secondHash(traceId, h1);
        for (int i = 0; i < PROBES; i++) {
            long bit = (h1 + i * h2) & bitMask;
            if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether as many ids were added as it was sized for: time to rebuild it from the ids still known. */
    boolean full() {
        return added >= capacity;
    }

    // Trace ids need not be random (some tracers put a timestamp first): both hashes mix every byte of the id.
    private static long firstHash(byte[] traceId) {
        return mix(readLong(traceId, 0) ^ Long.rotateLeft(mix(readLong(traceId, 8)), 17));
    }

    private static long secondHash(byte[] traceId, long first) {
        return mix(readLong(traceId, 8) ^ first) | 1;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static long readLong(byte[] b, int offset) {
        long v = 0;
        for (int i = offset; i < offset + 8 && i < b.length; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }
}
