package io.tracepipe.anomaly.stats;

import java.util.Arrays;

/**
 * A mergeable estimate of the number of distinct values (Flajolet et al.'s HyperLogLog, with
 * linear counting for small sets), over 64-bit hashes. With precision p it keeps 2^p one-byte
 * registers; its standard error is 1.04 / √2^p: {@value #DEFAULT_PRECISION} gives 4,096 registers
 * (4 KiB) and 1.6 %, so 95 % of estimates are within 3.3 % of the truth. Until more than
 * {@value #EXACT_LIMIT} distinct hashes were seen it keeps the hashes themselves (at most 2 KiB)
 * and counts exactly: most attribute keys have a handful of values, and cost little. The same
 * values give the same state whatever their order and however the sketches were merged. Not
 * thread-safe.
 */
public final class HyperLogLog {
    public static final int DEFAULT_PRECISION = 12;
    /** Distinct hashes counted exactly before the registers take over. */
    public static final int EXACT_LIMIT = 128;
    private static final int VERSION = 1;
    private static final int EXACT = 0;
    private static final int DENSE = 1;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final int precision;
    // exact phase: open addressing over the hashes, 0 = empty slot (a zero hash is stored as 1)
    private long[] exact = new long[EXACT_LIMIT * 2];
    private int exactSize;
    private byte[] registers;

    public HyperLogLog() {
        this(DEFAULT_PRECISION);
    }

    public HyperLogLog(int precision) {
        if (precision < 4 || precision > 16) {
            throw new IllegalArgumentException("precision must be in [4, 16]: " + precision);
        }
        this.precision = precision;
    }

    /** The standard error of an estimate at this precision, as a fraction. */
    public static double standardError(int precision) {
        return 1.04 / Math.sqrt(1 << precision);
    }

    public int precision() {
        return precision;
    }

    /** Adds a value by its 64-bit hash ({@link #hash(CharSequence)}, {@link #hash(long)}). */
    public void add(long hash) {
        if (registers != null) {
            addToRegisters(hash);
        } else if (addExact(hash == 0 ? 1 : hash) && exactSize > EXACT_LIMIT) {
            toRegisters();
        }
    }

    /** The estimated number of distinct values added (exact while at most {@value #EXACT_LIMIT}). */
    public long estimate() {
        if (registers == null) {
            return exactSize;
        }
        int m = registers.length;
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += Math.scalb(1.0, -r);
            if (r == 0) {
                zeros++;
            }
        }
        double raw = alpha(m) * m * (double) m / sum;
        if (raw <= 2.5 * m && zeros > 0) {
            return Math.round(m * Math.log((double) m / zeros)); // linear counting: better for small sets
        }
        return Math.round(raw); // 64-bit hashes: no large-range correction needed
    }

    /** Adds the values of {@code other} (same precision) into this one; {@code other} is left unchanged. */
    public void merge(HyperLogLog other) {
        if (other.precision != precision) {
            throw new IllegalArgumentException("cannot merge precision " + other.precision + " into " + precision);
        }
        if (other.registers == null) {
            for (long h : other.exact) {
                if (h != 0) {
                    add(h);
                }
            }
            return;
        }
        if (registers == null) {
            toRegisters();
        }
        for (int i = 0; i < registers.length; i++) {
            registers[i] = (byte) Math.max(registers[i], other.registers[i]);
        }
    }

    private boolean addExact(long hash) {
        int mask = exact.length - 1;
        int i = (int) mix(hash) & mask;
        while (exact[i] != 0) {
            if (exact[i] == hash) {
                return false;
            }
            i = (i + 1) & mask;
        }
        exact[i] = hash;
        exactSize++;
        return true;
    }

    private void toRegisters() {
        registers = new byte[1 << precision];
        for (long h : exact) {
            if (h != 0) {
                addToRegisters(h);
            }
        }
        exact = null;
        exactSize = 0;
    }

    private void addToRegisters(long hash) {
        int index = (int) (hash >>> (64 - precision));
        // the guard bit bounds the rank at 64 - p + 1
        long rest = (hash << precision) | (1L << (precision - 1));
        byte rank = (byte) (Long.numberOfLeadingZeros(rest) + 1);
        if (registers[index] < rank) {
            registers[index] = rank;
        }
    }

    private static double alpha(int m) {
        return switch (m) {
            case 16 -> 0.673;
            case 32 -> 0.697;
            case 64 -> 0.709;
            default -> 0.7213 / (1 + 1.079 / m);
        };
    }

    /** A 64-bit hash of text: FNV-1a over the UTF-16 units, then MurmurHash3's finalizer to spread the bits. */
    public static long hash(CharSequence text) {
        long h = FNV_OFFSET;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            h = (h ^ (c & 0xFF)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return mix(h);
    }

    /** A 64-bit hash of a number. */
    public static long hash(long value) {
        return mix(value ^ FNV_OFFSET);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** A compact binary form (sorted hashes while exact, else the registers); {@link #readFrom} reads it back. */
    void writeTo(BinaryWriter out) {
        out.writeByte(VERSION).writeByte(precision);
        if (registers == null) {
            long[] hashes = Arrays.stream(exact).filter(h -> h != 0).sorted().toArray();
            out.writeByte(EXACT).writeVarLong(hashes.length);
            for (long h : hashes) {
                out.writeLong(h);
            }
        } else {
            out.writeByte(DENSE).writeBytes(registers);
        }
    }

    static HyperLogLog readFrom(BinaryReader in) {
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown distinct-count sketch version " + version);
        }
        HyperLogLog sketch = new HyperLogLog(in.readByte());
        int mode = in.readByte();
        if (mode == EXACT) {
            int n = in.readSize();
            if (n > EXACT_LIMIT) {
                throw new IllegalArgumentException("too many exact hashes: " + n);
            }
            for (int i = 0; i < n; i++) {
                sketch.add(in.readLong());
            }
        } else if (mode == DENSE) {
            byte[] registers = in.readBytes();
            if (registers.length != 1 << sketch.precision) {
                throw new IllegalArgumentException("expected " + (1 << sketch.precision) + " registers, got " + registers.length);
            }
            sketch.exact = null;
            sketch.registers = registers;
        } else {
            throw new IllegalArgumentException("unknown distinct-count sketch mode " + mode);
        }
        return sketch;
    }

    /** The binary form on its own, for tests and stores. */
    public byte[] encode() {
        BinaryWriter out = new BinaryWriter();
        writeTo(out);
        return out.toByteArray();
    }

    public static HyperLogLog decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        HyperLogLog sketch = readFrom(in);
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after distinct-count sketch");
        }
        return sketch;
    }

    @Override
    public String toString() {
        return "HyperLogLog[p=" + precision + ", estimate=" + estimate() + (registers == null ? ", exact" : "") + "]";
    }
}
