package io.tracepipe.anomaly.stats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the compact encoding of window statistics: unsigned varints, raw doubles and length-prefixed UTF-8. */
final class BinaryWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    BinaryWriter writeByte(int b) {
        out.write(b);
        return this;
    }

    /** A non-negative long in 1 to 10 bytes, 7 bits at a time. */
    BinaryWriter writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints here are unsigned: " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    BinaryWriter writeDouble(double value) {
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >>> shift));
        }
        return this;
    }

    BinaryWriter writeLong(long bits) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >>> shift));
        }
        return this;
    }

    BinaryWriter writeBytes(byte[] bytes) {
        writeVarLong(bytes.length);
        out.write(bytes, 0, bytes.length);
        return this;
    }

    BinaryWriter writeString(String text) {
        return writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
