package io.tracepipe.ingest.wire;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that bytes would parse as a message type, the way protobuf-java's generated parser reads
 * them, without building the message: from the type's descriptor it knows which field numbers are
 * strings (valid UTF-8, as proto3 requires), nested messages (checked in turn, at most
 * {@link #RECURSION_LIMIT} deep) or scalars; a field with another wire type than declared is an
 * unknown field, as for the parser, and unknown fields are checked for their structure only
 * (groups included). The property tests hold it to the parser's verdict on generated and damaged
 * input.
 */
public final class MessageShape {
    /** protobuf-java's default recursion limit: a message nested deeper does not parse. */
    public static final int RECURSION_LIMIT = 100;

    private static final Map<Descriptor, MessageShape> SHAPES = new ConcurrentHashMap<>();

    private enum Kind { UNKNOWN, STRING, BYTES, MESSAGE, VARINT32, VARINT64, FIXED64, FIXED32 }

    private final Descriptor type;
    private final Kind[] kinds;
    private final boolean[] packable;
    private final Descriptor[] children;
    // The children's shapes, looked up once (a benign race: every thread finds the same shape).
    private final MessageShape[] childShapes;

    private MessageShape(Descriptor type) {
        this.type = type;
        int max = 0;
        for (FieldDescriptor f : type.getFields()) {
            max = Math.max(max, f.getNumber());
        }
        kinds = new Kind[max + 1];
        packable = new boolean[max + 1];
        children = new Descriptor[max + 1];
        childShapes = new MessageShape[max + 1];
        java.util.Arrays.fill(kinds, Kind.UNKNOWN);
        for (FieldDescriptor f : type.getFields()) {
            kinds[f.getNumber()] = kindOf(f);
            packable[f.getNumber()] = f.isPackable();
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                children[f.getNumber()] = f.getMessageType();
            }
        }
    }

    /** The shape of a message type (computed once per type). */
    public static MessageShape of(Descriptor type) {
        return SHAPES.computeIfAbsent(type, MessageShape::new);
    }

    private static Kind kindOf(FieldDescriptor f) {
        switch (f.getType()) {
            case STRING:
                return f.needsUtf8Check() ? Kind.STRING : Kind.BYTES;
            case BYTES:
                return Kind.BYTES;
            case MESSAGE:
                return Kind.MESSAGE;
            case GROUP:
                return Kind.UNKNOWN; // not in OTLP; structure-checked like an unknown group
            case DOUBLE:
            case FIXED64:
            case SFIXED64:
                return Kind.FIXED64;
            case FLOAT:
            case FIXED32:
            case SFIXED32:
                return Kind.FIXED32;
            case INT64:
            case UINT64:
            case SINT64:
            case BOOL:
                return Kind.VARINT64;
            default:
                return Kind.VARINT32;
        }
    }

    /**
     * Checks the message held in {@code [from, to)} of {@code buf}, itself at nesting {@code depth}
     * (the outermost message read is at 0).
     *
     * @throws MalformedWireException when protobuf-java would refuse the bytes
     */
    public void check(byte[] buf, int from, int to, int depth) {
        WireCursor in = new WireCursor(buf, from, to);
        while (in.hasMore()) {
            checkField(in, in.readTag(), depth);
        }
    }

    /** Checks the value of one field whose tag was just read. */
    public void checkField(WireCursor in, int tag, int depth) {
        int number = tag >>> 3;
        int wireType = tag & 7;
        Kind kind = number < kinds.length ? kinds[number] : Kind.UNKNOWN;
        switch (kind) {
            case STRING:
                if (wireType == WireCursor.LEN) {
                    int end = in.readLengthEnd();
                    if (!Utf8Check.isValid(in.buffer(), in.position(), end)) {
                        throw new MalformedWireException(type.getName() + "." + type.findFieldByNumber(number).getName()
                                + " is not valid UTF-8");
                    }
                    in.skipTo(end);
                    return;
                }
                break;
            case MESSAGE:
                if (wireType == WireCursor.LEN) {
                    int end = in.readLengthEnd();
                    if (depth + 1 > RECURSION_LIMIT) {
                        throw new MalformedWireException("messages nested more than " + RECURSION_LIMIT + " deep");
                    }
                    MessageShape child = childShapes[number];
                    if (child == null) {
                        child = of(children[number]);
                        childShapes[number] = child;
                    }
                    child.check(in.buffer(), in.position(), end, depth + 1);
                    in.skipTo(end);
                    return;
                }
                break;
            case VARINT32:
            case VARINT64:
                if (wireType == WireCursor.VARINT) {
                    readVarint(in, kind);
                    return;
                }
                if (wireType == WireCursor.LEN && packable[number]) {
                    int end = in.readLengthEnd();
                    WireCursor packed = new WireCursor(in.buffer(), in.position(), end);
                    while (packed.hasMore()) {
                        readVarint(packed, kind);
                    }
                    in.skipTo(end);
                    return;
                }
                break;
            case FIXED64:
            case FIXED32:
                int width = kind == Kind.FIXED64 ? 8 : 4;
                if (wireType == (kind == Kind.FIXED64 ? WireCursor.FIXED64 : WireCursor.FIXED32)) {
                    if (width == 8) {
                        in.skipFixed64();
                    } else {
                        in.skipFixed32();
                    }
                    return;
                }
                if (wireType == WireCursor.LEN && packable[number]) {
                    int end = in.readLengthEnd();
                    if ((end - in.position()) % width != 0) {
                        throw new MalformedWireException("packed field of " + width + "-byte values has a partial value");
                    }
                    in.skipTo(end);
                    return;
                }
                break;
            default:
                break;
        }
        skipUnknown(in, tag, depth);
    }

    private static void readVarint(WireCursor in, Kind kind) {
        if (kind == Kind.VARINT64) {
            in.readVarint64();
        } else {
            in.readVarint();
        }
    }

    /** Skips a field the type does not declare (or declares with another wire type), checking its structure. */
    static void skipUnknown(WireCursor in, int tag, int depth) {
        switch (tag & 7) {
            case WireCursor.VARINT:
                in.readVarint64(); // kept as a 64-bit value among the unknown fields
                return;
            case WireCursor.FIXED64:
                in.skipFixed64();
                return;
            case WireCursor.LEN:
                in.skipTo(in.readLengthEnd());
                return;
            case WireCursor.FIXED32:
                in.skipFixed32();
                return;
            case WireCursor.START_GROUP:
                if (depth + 1 > RECURSION_LIMIT) {
                    throw new MalformedWireException("groups nested more than " + RECURSION_LIMIT + " deep");
                }
                int endTag = (tag & ~7) | WireCursor.END_GROUP;
                while (true) {
                    if (!in.hasMore()) {
                        throw new MalformedWireException("group of field " + (tag >>> 3) + " never ends");
                    }
                    int inner = in.readTag();
                    if (inner == endTag) {
                        return;
                    }
                    skipUnknown(in, inner, depth + 1);
                }
            case WireCursor.END_GROUP:
                throw new MalformedWireException("end of a group that never started, field " + (tag >>> 3));
            default:
                throw new MalformedWireException("invalid wire type " + (tag & 7) + " of field " + (tag >>> 3));
        }
    }
}
