package io.tracepipe.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.devkit.fixtures.OtlpTraces;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JsonDecodingTest {
    private static final byte[] SPEC_JSON = OtlpJsonTest.SPEC_DOCUMENT.getBytes(UTF_8);

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"OTLP_JSON", "AUTO"})
    void decodesJsonToTheSameFragmentsAsTheEquivalentProtobuf(Encoding encoding) {
        DecodedRecord fromJson = new OtlpRecordDecoder(encoding).decode(SPEC_JSON);
        DecodedRecord fromProto = new OtlpRecordDecoder(Encoding.OTLP_PROTO)
                .decode(OtlpJsonTest.specDocumentAsProto().toByteArray());

        assertThat(fromJson.deadLetters()).isEmpty();
        assertThat(fromJson.fragments()).singleElement().satisfies(f -> {
            assertThat(f.traceIdHex()).isEqualTo("5b8efff798038103d269b633813fc60c");
            assertThat(f.spanCount()).isEqualTo(2);
            assertThat(f.tracesData()).isEqualTo(fromProto.fragments().get(0).tracesData());
        });
    }

    @Test
    void autoModeRecognisesJsonBehindLeadingWhitespace() {
        byte[] value = ("\r\n\t  " + OtlpJsonTest.SPEC_DOCUMENT).getBytes(UTF_8);

        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.AUTO).decode(value);

        assertThat(decoded.deadLetters()).isEmpty();
        assertThat(decoded.spanCount()).isEqualTo(2);
    }

    @Test
    void protobufModeGivenJsonIsADeadLetter() {
        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.OTLP_PROTO).decode(SPEC_JSON);

        assertThat(decoded.fragments()).isEmpty();
        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE);
            assertThat(dl.reason()).startsWith("otlp_proto:");
            assertThat(dl.payload()).isSameAs(SPEC_JSON);
        });
    }

    @Test
    void jsonModeGivenProtobufIsADeadLetter() {
        byte[] proto = OtlpJsonTest.specDocumentAsProto().toByteArray();

        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.OTLP_JSON).decode(proto);

        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE);
            assertThat(dl.reason()).startsWith("otlp_json:");
            assertThat(dl.payload()).isSameAs(proto);
        });
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"OTLP_JSON", "AUTO"})
    void badHexIsADeadLetterWhoseReasonNamesTheField(Encoding encoding) {
        byte[] value = OtlpJsonTest.SPEC_DOCUMENT.replace("\"B7AD6B7169203331\"", "\"B7AD6B71692033XY\"").getBytes(UTF_8);

        DecodedRecord decoded = new OtlpRecordDecoder(encoding).decode(value);

        assertThat(decoded.fragments()).isEmpty();
        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE);
            assertThat(dl.reason()).startsWith("otlp_json: invalid hex id")
                    .contains("B7AD6B71692033XY")
                    .contains("/resourceSpans/0/scopeSpans/0/spans/0/links/0/spanId");
            assertThat(dl.payload()).isSameAs(value);
        });
    }

    @Test
    void base64IdsAsTheStandardProtobufMappingWritesThemAreRefused() {
        // JsonFormat.printer() writes ids in base64; OTLP/JSON does not, so such a record is not taken as OTLP.
        byte[] value = OtlpJsonTest.documentWithSpan("\"traceId\": \"W47/95gDgQPSabYzgT/GDA==\", \"spanId\": \"7uGbfsPBsXQ=\"");

        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.OTLP_JSON).decode(value);

        assertThat(decoded.deadLetters()).singleElement()
                .satisfies(dl -> assertThat(dl.reason()).contains("invalid hex id", "traceId"));
    }

    @Test
    void emptyIdMakesAnInvalidSpanNotAnUndecodableRecord() {
        String valid = "{\"traceId\": \"" + Ids.toHex(OtlpTraces.traceId(1).toByteArray())
                + "\", \"spanId\": \"" + Ids.toHex(OtlpTraces.spanId(1).toByteArray()) + "\", \"name\": \"ok\"}";
        String noTraceId = "{\"traceId\": \"\", \"spanId\": \"" + Ids.toHex(OtlpTraces.spanId(2).toByteArray())
                + "\", \"name\": \"orphan\"}";
        byte[] value = ("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [" + valid + ", " + noTraceId + "]}]}]}")
                .getBytes(UTF_8);

        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.OTLP_JSON).decode(value);

        assertThat(decoded.fragments()).singleElement().satisfies(f -> assertThat(f.spanCount()).isEqualTo(1));
        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.INVALID_SPANS);
            assertThat(dl.reason()).contains("trace id has 0 bytes");
            assertThat(OtlpTraces.spans(OtlpTraces.parse(dl.payload()))).extracting(s -> s.getName())
                    .isEqualTo(List.of("orphan"));
        });
    }

    @Test
    void jsonWithoutSpansIsUndecodable() {
        byte[] value = "{\"resourceSpans\": [{\"resource\": {}, \"scopeSpans\": []}]}".getBytes(UTF_8);

        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.AUTO).decode(value);

        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE);
            assertThat(dl.reason()).contains("no spans");
        });
    }
}
