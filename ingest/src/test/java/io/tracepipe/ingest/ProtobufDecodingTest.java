package io.tracepipe.ingest;

import static io.tracepipe.ingest.TestSpans.resource;
import static io.tracepipe.ingest.TestSpans.span;
import static io.tracepipe.ingest.TestSpans.traceId;
import static io.tracepipe.ingest.TestSpans.traces;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import org.junit.jupiter.api.Test;

class ProtobufDecodingTest {
    private static final String HTTP_SCHEMA = "https://opentelemetry.io/schemas/1.21.0";

    // Two resources, three scopes, spans of traces 1, 2 and 3 interleaved everywhere.
    private static ResourceSpans checkout() {
        return resource("checkout").schemaUrl(TestSpans.SCHEMA_URL)
                .scope("http", HTTP_SCHEMA, span(1, 1), span(2, 2), span(3, 3))
                .scope("db", span(1, 4), span(3, 5))
                .build();
    }

    private static ResourceSpans payments() {
        return resource("payments")
                .scope("grpc", span(2, 6), span(1, 7), span(3, 8))
                .build();
    }

    private final OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.OTLP_PROTO);

    @Test
    void splitsAnExportRequestIntoOneFragmentPerTraceUnderTheOriginalResourceAndScope() {
        ExportTraceServiceRequest request = TestSpans.request(checkout(), payments());

        DecodedRecord decoded = decoder.decode(request.toByteArray());

        assertThat(decoded.deadLetters()).isEmpty();
        assertThat(decoded.fragments()).extracting(TraceFragment::traceIdHex).containsExactly(
                hex(1), hex(2), hex(3));
        assertThat(decoded.fragments()).extracting(TraceFragment::spanCount).containsExactly(3, 2, 3);
        assertThat(decoded.spanCount()).isEqualTo(8);

        assertThat(fragmentData(decoded, 0)).isEqualTo(traces(
                resource("checkout").schemaUrl(TestSpans.SCHEMA_URL)
                        .scope("http", HTTP_SCHEMA, span(1, 1))
                        .scope("db", span(1, 4))
                        .build(),
                resource("payments").scope("grpc", span(1, 7)).build()));
        assertThat(fragmentData(decoded, 1)).isEqualTo(traces(
                resource("checkout").schemaUrl(TestSpans.SCHEMA_URL).scope("http", HTTP_SCHEMA, span(2, 2)).build(),
                resource("payments").scope("grpc", span(2, 6)).build()));
        assertThat(fragmentData(decoded, 2)).isEqualTo(traces(
                resource("checkout").schemaUrl(TestSpans.SCHEMA_URL)
                        .scope("http", HTTP_SCHEMA, span(3, 3))
                        .scope("db", span(3, 5))
                        .build(),
                resource("payments").scope("grpc", span(3, 8)).build()));
    }

    @Test
    void decodesTracesDataLikeAnExportRequest() {
        byte[] request = TestSpans.request(checkout(), payments()).toByteArray();
        byte[] tracesData = traces(checkout(), payments()).toByteArray();

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
        TracesData data = traces(resource("checkout").scope("http", span(9, 1), span(9, 2)).build());

        DecodedRecord decoded = decoder.decode(data.toByteArray());

        assertThat(decoded.fragments()).singleElement().satisfies(f -> {
            assertThat(f.traceId()).isEqualTo(traceId(9).toByteArray());
            assertThat(TestSpans.parse(f.tracesData())).isEqualTo(data);
        });
    }

    @Test
    void autoModeDecodesProtobufThatStartsLikeJson() {
        // TracesData starts with tag 0x0A ('\n'); when the first ResourceSpans is 123 bytes long its length byte is
        // '{', so the value looks like JSON behind a newline, yet it is protobuf.
        TracesData data = traces(resourceOfSize(123), payments());
        byte[] value = data.toByteArray();
        assertThat(value[0]).isEqualTo((byte) '\n');
        assertThat(value[1]).isEqualTo((byte) '{');
        assertThat(OtlpJson.looksLikeJson(value)).isTrue();

        DecodedRecord decoded = new OtlpRecordDecoder(Encoding.AUTO).decode(value);

        assertThat(decoded.deadLetters()).isEmpty();
        assertThat(decoded.spanCount()).isEqualTo(TestSpans.spans(data).size());
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
        byte[] value = traces(resource("idle").build()).toByteArray();

        DecodedRecord decoded = decoder.decode(value);

        assertThat(decoded.fragments()).isEmpty();
        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE);
            assertThat(dl.reason()).contains("no spans");
            assertThat(dl.payload()).isSameAs(value);
        });
    }

    /** A ResourceSpans with one span whose serialized size is exactly {@code size}. */
    private static ResourceSpans resourceOfSize(int size) {
        for (int pad = 0; pad < size; pad++) {
            ResourceSpans rs = resource("s" + "x".repeat(pad)).scope("http", span(4, 1)).build();
            if (rs.getSerializedSize() == size) {
                return rs;
            }
        }
        throw new AssertionError("no padding gives " + size + " bytes");
    }

    private static TracesData fragmentData(DecodedRecord decoded, int index) {
        return TestSpans.parse(decoded.fragments().get(index).tracesData());
    }

    private static String hex(int trace) {
        return Ids.toHex(traceId(trace).toByteArray());
    }
}
