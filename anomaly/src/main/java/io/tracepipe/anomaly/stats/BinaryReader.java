package io.tracepipe.anomaly.stats;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what {@link BinaryWriter} wrote; throws IllegalArgumentException on truncated or corrupt input. */
final class BinaryReader {

    private final byte[] bytes;
    private int position;

    BinaryReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int readByte() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    /** A varint that must fit an int, e.g. a length or a count. */
    int readSize() {
        long size = readVarLong();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size out of range: " + size);
        }
        return (int) size;
    }

    double readDouble() {
        require(8);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (bytes[position++] & 0xFF);
        }
        return Double.longBitsToDouble(bits);
    }

    long readLong() {
        require(8);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (bytes[position++] & 0xFF);
        }
        return bits;
    }

    byte[] readBytes() {
        int length = readSize();
        require(length);
        byte[] out = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return out;
    }

    String readString() {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    boolean hasRemaining() {
        return position < bytes.length;
    }

    private void require(int n) {
        if (n < 0 || bytes.length - position < n) {
            throw new IllegalArgumentException("truncated input: need " + n + " bytes at offset " + position);
        }
    }
}
