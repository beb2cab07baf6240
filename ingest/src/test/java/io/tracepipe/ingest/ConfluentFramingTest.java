package io.tracepipe.ingest;

import static io.tracepipe.devkit.fixtures.OtlpTraces.traces;
import static io.tracepipe.ingest.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfluentFramingTest {
    private static final int SCHEMA_ID = 0x01020304;
    private static final TracesData DATA = traces()
            .resource("checkout").scope("http").add(span(1, 1), span(2, 2))
            .resource("payments").scope("grpc").add(span(1, 3))
            .tracesData();

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"OTLP_PROTO", "AUTO"})
    void decodesConfluentFramedProtobuf(Encoding encoding) {
        byte[] framed = ConfluentWireFormat.frame(SCHEMA_ID, DATA.toByteArray());

        DecodedRecord decoded = new OtlpRecordDecoder(encoding).decode(framed);

        assertThat(decoded.deadLetters()).isEmpty();
        assertThat(decoded.fragments()).hasSize(2);
        assertThat(decoded.spanCount()).isEqualTo(3);
    }

    @Test
    void framingWritesMagicSchemaIdAndTheShortIndexOfTheFirstMessage() {
        byte[] payload = DATA.toByteArray();

        byte[] framed = ConfluentWireFormat.frame(SCHEMA_ID, payload);

        assertThat(framed).startsWith(0, 1, 2, 3, 4, 0);
        assertThat(ConfluentWireFormat.isFramed(framed)).isTrue();
        assertThat(ConfluentWireFormat.schemaId(framed)).isEqualTo(SCHEMA_ID);
        assertThat(ConfluentWireFormat.payloadOffset(framed)).isEqualTo(6);
        assertThat(ConfluentWireFormat.isFramed(payload)).isFalse();
    }

    @Test
    void decodesAnIndexListWrittenInFullAsCountOneIndexZero() {
        byte[] framed = framed(new int[] {2, 0}, DATA.toByteArray()); // zig-zag: count 1 -> 2, index 0 -> 0

        assertThat(ConfluentWireFormat.payloadOffset(framed)).isEqualTo(7);
        assertDecodesAllSpans(framed);
    }

    @Test
    void decodesANestedMessageIndexPath() {
        byte[] framed = framed(new int[] {4, 2, 0}, DATA.toByteArray()); // count 2 -> 4, indexes [1, 0] -> 2, 0

        assertThat(ConfluentWireFormat.payloadOffset(framed)).isEqualTo(8);
        assertDecodesAllSpans(framed);
    }

    @Test
    void decodesAMultiByteVarintIndex() {
        byte[] framed = framed(new int[] {2, 0x80, 0x01}, DATA.toByteArray()); // count 1, index 64 (zig-zag 128)

        assertThat(ConfluentWireFormat.payloadOffset(framed)).isEqualTo(8);
        assertDecodesAllSpans(framed);
    }

    @Test
    void framedValueWithATruncatedIndexListIsADeadLetter() {
        byte[] twoIndexesOneWritten = framed(new int[] {4, 2}, new byte[0]);
        byte[] varintCutShort = framed(new int[] {2, 0x80}, new byte[0]);
        byte[] headerCutShort = {0, 0, 0, 1};

        for (byte[] value : new byte[][] {twoIndexesOneWritten, varintCutShort, headerCutShort}) {
            DecodedRecord decoded = new OtlpRecordDecoder(Encoding.AUTO).decode(value);

            assertThat(decoded.fragments()).isEmpty();
            assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
                assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE);
                assertThat(dl.reason()).startsWith("confluent framing:");
                assertThat(dl.payload()).isSameAs(value);
            });
        }
    }

    @Test
    void framedValueWithAnImplausibleIndexCountIsADeadLetter() {
        byte[] negativeCount = framed(new int[] {1}, DATA.toByteArray()); // zig-zag 1 -> -1

        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.OTLP_PROTO).decode(negativeCount);

        assertThat(decoded.deadLetters()).singleElement()
                .satisfies(dl -> assertThat(dl.reason()).contains("implausible message index count"));
    }

    private static void assertDecodesAllSpans(byte[] framed) {
        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.OTLP_PROTO).decode(framed);
        assertThat(decoded.deadLetters()).isEmpty();
        assertThat(decoded.spanCount()).isEqualTo(3);
    }

    /** Magic byte, schema id, then the given raw index bytes (already zig-zag varints) and the payload. */
    private static byte[] framed(int[] indexBytes, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(SCHEMA_ID >>> 24);
        out.write(SCHEMA_ID >>> 16);
        out.write(SCHEMA_ID >>> 8);
        out.write(SCHEMA_ID);
        for (int b : indexBytes) {
            out.write(b);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
