package io.tracepipe.ingest;

import static io.tracepipe.devkit.fixtures.OtlpTraces.traceId;
import static io.tracepipe.devkit.fixtures.OtlpTraces.traces;
import static io.tracepipe.ingest.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import org.junit.jupiter.api.Test;

class ProtobufDecodingTest {
    private static final String HTTP_SCHEMA = "https://opentelemetry.io/schemas/1.21.0";

    // Two resources, three scopes, spans of traces 1, 2 and 3 interleaved everywhere.
    private static OtlpTraces checkoutAndPayments() {
        return withPayments(traces()
                .resource("checkout").resourceSchemaUrl(TestSpans.SCHEMA_URL)
                .scope("http").scopeSchemaUrl(HTTP_SCHEMA).add(span(1, 1), span(2, 2), span(3, 3))
                .scope("db").add(span(1, 4), span(3, 5)));
    }

    private static OtlpTraces withPayments(OtlpTraces batch) {
        return batch.resource("payments").scope("grpc").add(span(2, 6), span(1, 7), span(3, 8));
    }

    private final OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.OTLP_PROTO);

    @Test
    void splitsAnExportRequestIntoOneFragmentPerTraceUnderTheOriginalResourceAndScope() {
        ExportTraceServiceRequest request = checkoutAndPayments().request();

        DecodedRecord decoded = decoder.decode(request.toByteArray());

        assertThat(decoded.deadLetters()).isEmpty();
        assertThat(decoded.fragments()).extracting(TraceFragment::traceIdHex).containsExactly(
                hex(1), hex(2), hex(3));
        assertThat(decoded.fragments()).extracting(TraceFragment::spanCount).containsExactly(3, 2, 3);
        assertThat(decoded.spanCount()).isEqualTo(8);

        assertThat(fragmentData(decoded, 0)).isEqualTo(traces()
                .resource("checkout").resourceSchemaUrl(TestSpans.SCHEMA_URL)
                .scope("http").scopeSchemaUrl(HTTP_SCHEMA).add(span(1, 1))
                .scope("db").add(span(1, 4))
                .resource("payments").scope("grpc").add(span(1, 7))
                .tracesData());
        assertThat(fragmentData(decoded, 1)).isEqualTo(traces()
                .resource("checkout").resourceSchemaUrl(TestSpans.SCHEMA_URL).scope("http").scopeSchemaUrl(HTTP_SCHEMA).add(span(2, 2))
                .resource("payments").scope("grpc").add(span(2, 6))
                .tracesData());
        assertThat(fragmentData(decoded, 2)).isEqualTo(traces()
                .resource("checkout").resourceSchemaUrl(TestSpans.SCHEMA_URL)
                .scope("http").scopeSchemaUrl(HTTP_SCHEMA).add(span(3, 3))
                .scope("db").add(span(3, 5))
                .resource("payments").scope("grpc").add(span(3, 8))
                .tracesData());
    }

    @Test
    void decodesTracesDataLikeAnExportRequest() {
        byte[] request = checkoutAndPayments().bytes();
        byte[] tracesData = checkoutAndPayments().tracesData().toByteArray();

        DecodedRecord fromRequest = decoder.decode(request);
        DecodedRecord fromTracesData = decoder.decode(tracesData);

        assertThat(fromTracesData.deadLetters()).isEmpty();
        assertThat(fromTracesData.fragments()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(fromTracesData.fragments().get(i).traceId()).isEqualTo(fromRequest.fragments().get(i).traceId());
            assertThat(fragmentData(fromTracesData, i)).isEqualTo(fragmentData(fromRequest, i));
        }
    }

    @Test
    void fragmentsOfASingleTraceRecordKeepEverySpan() {
        TracesData data = traces().resource("checkout").scope("http").add(span(9, 1), span(9, 2)).tracesData();

        DecodedRecord decoded = decoder.decode(data.toByteArray());

        assertThat(decoded.fragments()).singleElement().satisfies(f -> {
            assertThat(f.traceId()).isEqualTo(traceId(9).toByteArray());
            assertThat(OtlpTraces.parse(f.tracesData())).isEqualTo(data);
        });
    }

    @Test
    void autoModeDecodesProtobufThatStartsLikeJson() {
        // TracesData starts with tag 0x0A ('\n'); when the first ResourceSpans is 123 bytes long its length byte is
        // '{', so the value looks like JSON behind a newline, yet it is protobuf.
        TracesData data = withPayments(resourceOfSize(123)).tracesData();
        byte[] value = data.toByteArray();
        assertThat(value[0]).isEqualTo((byte) '\n');
        assertThat(value[1]).isEqualTo((byte) '{');
        assertThat(OtlpJson.looksLikeJson(value)).isTrue();

        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.AUTO).decode(value);

        assertThat(decoded.deadLetters()).isEmpty();
        assertThat(decoded.spanCount()).isEqualTo(OtlpTraces.spans(data).size());
    }

    @Test
    void autoModeStillReportsJsonErrorsForJsonThatIsNotProtobufEither() {
        byte[] value = "\n{\"resourceSpans\": [".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.AUTO).decode(value);

        assertThat(decoded.fragments()).isEmpty();
        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE);
            assertThat(dl.reason()).startsWith("otlp_json:");
            assertThat(dl.payload()).isSameAs(value);
        });
    }

    @Test
    void recordWithoutSpansIsUndecodable() {
        byte[] value = traces().resource("idle").bytes();

        DecodedRecord decoded = decoder.decode(value);

        assertThat(decoded.fragments()).isEmpty();
        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE);
            assertThat(dl.reason()).contains("no spans");
            assertThat(dl.payload()).isSameAs(value);
        });
    }

    /** A batch whose one resource, with one span, serializes to exactly {@code size} bytes. */
    private static OtlpTraces resourceOfSize(int size) {
        for (int pad = 0; pad < size; pad++) {
            OtlpTraces batch = traces().resource("s" + "x".repeat(pad)).scope("http").add(span(4, 1));
            if (batch.tracesData().getResourceSpans(0).getSerializedSize() == size) {
                return batch;
            }
        }
        throw new AssertionError("no padding gives " + size + " bytes");
    }

    private static TracesData fragmentData(DecodedRecord decoded, int index) {
        return OtlpTraces.parse(decoded.fragments().get(index).tracesData());
    }

    private static String hex(int trace) {
        return Ids.toHex(traceId(trace).toByteArray());
    }
}
