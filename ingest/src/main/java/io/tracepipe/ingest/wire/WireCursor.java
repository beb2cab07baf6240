package io.tracepipe.ingest.wire;

/**
 * Reads protobuf wire format from a byte range without building objects: tags, varints, fixed
 * widths and length prefixes, with the limits protobuf-java's parser enforces (a varint has at most
 * ten bytes, a length is a 32-bit varint and must fit what is left), so whatever passes here also
 * passes there, and where the parser is lenient, so is this.
 */
public final class WireCursor {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LEN = 2;
    public static final int START_GROUP = 3;
    public static final int END_GROUP = 4;
    public static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;

    public WireCursor(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    public boolean hasMore() {
        return pos < end;
    }

    public int position() {
        return pos;
    }

    public byte[] buffer() {
        return buf;
    }

    /** The next tag: its field number is {@code tag >>> 3}, its wire type {@code tag & 7}. Field number 0 is refused. */
    public int readTag() {
        int tag = (int) readVarint();
        if (tag >>> 3 == 0) {
            throw new MalformedWireException("field number 0 at byte " + pos);
        }
        return tag;
    }

    /**
     * A varint read as 32 bits (tags, lengths, enums, 32-bit integers): at most ten bytes, the tenth
     * without the continuation bit.
     */
    public long readVarint() {
        return readVarint(false);
    }

    /**
     * A varint read as 64 bits (64-bit integers, bools, unknown varint fields). protobuf-java's
     * 64-bit reader also ends a varint at a tenth byte that has the continuation bit when the
     * byte's lowest bit is set (an artefact of its decoding); here too.
     */
    public long readVarint64() {
        return readVarint(true);
    }

    private long readVarint(boolean as64) {
        long result = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (pos >= end) {
                throw new MalformedWireException("truncated varint at byte " + pos);
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        if (pos >= end) {
            throw new MalformedWireException("truncated varint at byte " + pos);
        }
        byte tenth = buf[pos++];
        if (tenth < 0 && !(as64 && (tenth & 1) == 1)) {
            throw new MalformedWireException("varint longer than ten bytes at byte " + pos);
        }
        return result | (long) tenth << 63;
    }

    /** Reads a length prefix and returns the end of the bytes it announces; the cursor stays at their start. */
    public int readLengthEnd() {
        int length = (int) readVarint(); // protobuf-java reads lengths as 32-bit varints
        if (length < 0) {
            throw new MalformedWireException("negative length at byte " + pos);
        }
        if (length > end - pos) {
            throw new MalformedWireException("length " + length + " runs past the end at byte " + pos);
        }
        return pos + length;
    }

    public void skipTo(int position) {
        pos = position;
    }

    public long readFixed64() {
        require(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    public void skipFixed64() {
        require(8);
        pos += 8;
    }

    public void skipFixed32() {
        require(4);
        pos += 4;
    }

    private void require(int bytes) {
        if (end - pos < bytes) {
            throw new MalformedWireException("truncated fixed-width value at byte " + pos);
        }
    }

    /** The size of {@code value} as a varint. */
    public static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }
}
