package io.tracepipe.ingest.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shape check against protobuf-java's parser: same verdict on damaged spans, deep nesting, UTF-8 and unknown fields. */
class MessageShapeTest {
    private static final MessageShape SPAN = MessageShape.of(Span.getDescriptor());

    @Test
    void agreesWithTheParserOnDamagedSpans() {
        Random random = new Random(11);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = span(random).toByteArray();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            boolean parses = parses(bytes);
            refused += parses ? 0 : 1;
            assertThat(checks(bytes)).as("case %d: %s", i, java.util.Arrays.toString(bytes)).isEqualTo(parses);
        }
        assertThat(refused).isGreaterThan(1000);
    }

    @Test
    void agreesWithTheParserOnRandomStrings() {
        Random random = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            byte[] text = new byte[random.nextInt(8)];
            random.nextBytes(text);
            byte[] bytes = new byte[2 + text.length];
            bytes[0] = 5 << 3 | WireCursor.LEN; // Span.name
            bytes[1] = (byte) text.length;
            System.arraycopy(text, 0, bytes, 2, text.length);
            assertThat(checks(bytes)).as("name %s", java.util.Arrays.toString(text)).isEqualTo(ByteString.copyFrom(text).isValidUtf8());
            assertThat(checks(bytes)).isEqualTo(parses(bytes));
        }
    }

    @Test
    void agreesWithTheParserAtTheRecursionLimit() {
        for (int depth = 90; depth <= 110; depth++) {
            AnyValue value = AnyValue.newBuilder().setStringValue("leaf").build();
            // the span is at 0, its KeyValue at 1, the AnyValue at 2, then ArrayValue and AnyValue alternate
            for (int level = 2; level < depth; level += 2) {
                value = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
            }
            byte[] bytes = Span.newBuilder().addAttributes(KeyValue.newBuilder().setKey("k").setValue(value)).build().toByteArray();
            assertThat(checks(bytes)).as("depth %d", depth).isEqualTo(parses(bytes));
        }
    }

    @Test
    void readsVarintsAsTheParserDoes() {
        byte c = (byte) 0xFF;
        byte[][] cases = {
            {24, c, c, c, c, c, c, c, c, c, 1}, // ten bytes
            {24, c, c, c, c, c, c, c, c, c, (byte) 0x81}, // a tenth byte with the continuation bit still ends it
            {24, c, c, c, c, c, c, c, c, c, (byte) 0x81, 1}, // and what follows is the next tag
            {24, c, c, c}, // cut short
            {10, (byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x10, 'x'}, // a length above 32 bits keeps its low bits
        };
        MessageShape anyValue = MessageShape.of(AnyValue.getDescriptor());
        for (byte[] bytes : cases) {
            boolean parses;
            try {
                AnyValue.parseFrom(bytes);
                parses = true;
            } catch (InvalidProtocolBufferException e) {
                parses = false;
            }
            boolean checks;
            try {
                anyValue.check(bytes, 0, bytes.length, 0);
                checks = true;
            } catch (MalformedWireException e) {
                checks = false;
            }
            assertThat(checks).as(java.util.Arrays.toString(bytes)).isEqualTo(parses);
        }
    }

    @Test
    void unknownFieldsAndGroupsAreCheckedForStructureOnly() {
        byte[] known = Span.newBuilder().setName("n").build().toByteArray();
        // field 99 as a group holding a varint, then field 5 (name) with the wrong wire type: both unknown to the parser
        byte[] withUnknown = concat(known, new byte[] {(byte) 0x9B, 0x06, 0x08, 0x01, (byte) 0x9C, 0x06, 0x28, 0x07});
        assertThat(parses(withUnknown)).isTrue();
        assertThatCode(() -> SPAN.check(withUnknown, 0, withUnknown.length, 0)).doesNotThrowAnyException();

        byte[] unclosedGroup = concat(known, new byte[] {(byte) 0x9B, 0x06, 0x08, 0x01});
        assertThat(parses(unclosedGroup)).isFalse();
        assertThatThrownBy(() -> SPAN.check(unclosedGroup, 0, unclosedGroup.length, 0)).isInstanceOf(MalformedWireException.class);

        byte[] wireType7 = concat(known, new byte[] {0x0F});
        assertThat(parses(wireType7)).isFalse();
        assertThat(checks(wireType7)).isFalse();
    }

    private static boolean checks(byte[] bytes) {
        try {
            SPAN.check(bytes, 0, bytes.length, 0);
            return true;
        } catch (MalformedWireException e) {
            return false;
        }
    }

    private static boolean parses(byte[] bytes) {
        try {
            Span.parseFrom(bytes);
            return true;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    private static Span span(Random random) {
        Span.Builder b = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
                .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                .setName("GET /api/" + random.nextInt(50) + " \u00e9")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(random.nextLong()).setEndTimeUnixNano(random.nextLong())
                .setStatus(io.opentelemetry.proto.trace.v1.Status.newBuilder().setCode(
                        io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"));
        for (int i = 0; i < 4; i++) {
            b.addAttributes(KeyValue.newBuilder().setKey("k" + i).setValue(AnyValue.newBuilder().setStringValue("value-" + random.nextInt())));
        }
        b.addAttributes(KeyValue.newBuilder().setKey("n").setValue(AnyValue.newBuilder().setIntValue(random.nextLong())));
        b.addEvents(Span.Event.newBuilder().setName("e").setTimeUnixNano(1).addAttributes(KeyValue.newBuilder().setKey("x")
                .setValue(AnyValue.newBuilder().setDoubleValue(1.5))));
        return b.build();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
