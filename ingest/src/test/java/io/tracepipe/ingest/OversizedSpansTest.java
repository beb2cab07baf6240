package io.tracepipe.ingest;

import static io.tracepipe.devkit.fixtures.OtlpTraces.traces;
import static io.tracepipe.ingest.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import org.junit.jupiter.api.Test;

class OversizedSpansTest {
    private final OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.OTLP_PROTO);

    private static Span withAttribute(Span span, int valueBytes) {
        return span.toBuilder().addAttributes(OtlpTraces.attribute("request.body", "x".repeat(valueBytes))).build();
    }

    @Test
    void aSpanAboveTheLimitIsParkedWithItsSizeAndTheRestOfItsTraceGoesOn() {
        Span huge = withAttribute(span(1, 2), 1_000_000);
        TracesData data = traces().resource("checkout").scope("http").add(span(1, 1), huge, span(1, 3)).tracesData();

        DecodedRecord decoded = decoder.decode(data.toByteArray());

        assertThat(decoded.fragments()).singleElement().satisfies(f -> assertThat(f.spanCount()).isEqualTo(2));
        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.INVALID_SPANS);
            assertThat(dl.spanCount()).isEqualTo(1);
            assertThat(dl.reason()).startsWith("1 span(s) larger than the 262144-byte span limit: span 0/0/1 (")
                    .endsWith(huge.getSerializedSize() + " bytes");
            assertThat(OtlpTraces.spans(OtlpTraces.parse(dl.payload()))).containsExactly(huge);
        });
    }

    @Test
    void aSpanJustAtTheLimitGoesOn() {
        Span probe = withAttribute(span(1, 2), 0);
        Span atLimit = withAttribute(span(1, 2), OtlpRecordDecoder.MAX_SPAN_BYTES - probe.getSerializedSize() - 8);
        while (atLimit.getSerializedSize() < OtlpRecordDecoder.MAX_SPAN_BYTES) {
            atLimit = withAttribute(span(1, 2), atLimit.getAttributes(0).getValue().getStringValue().length() + 1);
        }
        assertThat(atLimit.getSerializedSize()).isEqualTo(OtlpRecordDecoder.MAX_SPAN_BYTES);

        DecodedRecord decoded = decoder.decode(traces().resource("checkout").scope("http").add(atLimit).bytes());

        assertThat(decoded.deadLetters()).isEmpty();
        assertThat(decoded.spanCount()).isEqualTo(1);
    }

    @Test
    void aSpanWithBadIdsAndAboveTheLimitIsParkedForItsIds() {
        Span huge = withAttribute(span(TestSpans.zeros(16), OtlpTraces.spanId(1)), 300_000);

        DecodedRecord decoded = decoder.decode(traces().resource("checkout").scope("http").add(huge).bytes());

        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> assertThat(dl.reason()).contains("trace id is all zeros"));
    }
}
