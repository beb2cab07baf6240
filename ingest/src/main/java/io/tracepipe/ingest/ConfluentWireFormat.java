package io.tracepipe.ingest;

/**
 * Confluent's Schema Registry framing of protobuf values: magic byte 0, a 4-byte schema id, the
 * message-index path (zig-zag varints: a count, then that many indexes; a lone 0 means [0]),
 * then the protobuf bytes. A plain protobuf message never starts with byte 0 (field number 0 is
 * invalid), so framed and plain values can be told apart by their first byte.
 */
public final class ConfluentWireFormat {
    public static final byte MAGIC = 0;
    private static final int HEADER_BYTES = 5;

    private ConfluentWireFormat() {}

    public static boolean isFramed(byte[] value) {
        return value.length > 0 && value[0] == MAGIC;
    }

    /** Returns the offset of the protobuf payload inside a framed value. */
    public static int payloadOffset(byte[] value) {
        if (value.length < HEADER_BYTES + 1 || value[0] != MAGIC) {
            throw new IllegalArgumentException("confluent framing: value too short for magic byte, schema id and message indexes");
        }
        int[] pos = {HEADER_BYTES};
        long count = zigZagVarint(value, pos);
        if (count < 0 || count > 64) {
            throw new IllegalArgumentException("confluent framing: implausible message index count " + count);
        }
        for (long i = 0; i < count; i++) {
            zigZagVarint(value, pos);
        }
        return pos[0];
    }

    /** The schema id a framed value names. */
    public static int schemaId(byte[] value) {
        return ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
    }

    /** Frames a protobuf payload as Confluent's serializer would for the first message of a schema. */
    public static byte[] frame(int schemaId, byte[] payload) {
        byte[] framed = new byte[HEADER_BYTES + 1 + payload.length];
        framed[0] = MAGIC;
        framed[1] = (byte) (schemaId >>> 24);
        framed[2] = (byte) (schemaId >>> 16);
        framed[3] = (byte) (schemaId >>> 8);
        framed[4] = (byte) schemaId;
        framed[5] = 0; // message indexes [0], written as a single 0
        System.arraycopy(payload, 0, framed, HEADER_BYTES + 1, payload.length);
        return framed;
    }

    private static long zigZagVarint(byte[] value, int[] pos) {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= value.length) {
                throw new IllegalArgumentException("confluent framing: truncated message index");
            }
            byte b = value[pos[0]++];
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IllegalArgumentException("confluent framing: malformed varint in message indexes");
    }
}
