package io.tracepipe.ingest;

import static io.tracepipe.devkit.fixtures.OtlpTraces.parse;
import static io.tracepipe.devkit.fixtures.OtlpTraces.spanId;
import static io.tracepipe.devkit.fixtures.OtlpTraces.spans;
import static io.tracepipe.devkit.fixtures.OtlpTraces.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * What ingest's tests add to the shared {@link OtlpTraces} builder: plain valid spans with numbered ids,
 * ids of the wrong length, and the decoder's no-loss property.
 */
final class TestSpans {
    static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.24.0";
    private static final Instant START = Instant.ofEpochSecond(1_700_000_000L);

    private TestSpans() {}

    static ByteString zeros(int length) {
        return ByteString.copyFrom(new byte[length]);
    }

    static ByteString bytes(int length, int fill) {
        byte[] id = new byte[length];
        Arrays.fill(id, (byte) fill);
        return ByteString.copyFrom(id);
    }

    /** Span number {@code span} of trace number {@code trace} (the shared builder's numbered ids). */
    static Span span(int trace, int span) {
        return span(traceId(trace), spanId(span));
    }

    /** An internal span of 250 ms named after its span id. */
    static Span span(ByteString traceId, ByteString spanId) {
        return OtlpTraces.span(traceId, spanId)
                .name("op-" + Ids.toHex(spanId.toByteArray()))
                .kind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .start(START)
                .duration(Duration.ofMillis(250))
                .build();
    }

    /** The value as OTLP protobuf (Confluent framing skipped), or null when it is JSON or does not parse: what a valid record must decode to. */
    static TracesData parseAsProtobufOrNull(byte[] value) {
        if (value.length == 0 || OtlpJson.looksLikeJson(value)) {
            return null;
        }
        try {
            int offset = ConfluentWireFormat.isFramed(value) ? ConfluentWireFormat.payloadOffset(value) : 0;
            return TracesData.parser().parseFrom(value, offset, value.length - offset);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Spans of all fragments and INVALID_SPANS dead letters of a decoded record. */
    static int spansOut(DecodedRecord decoded) {
        int n = decoded.spanCount();
        for (DeadLetter dl : decoded.deadLetters()) {
            if (dl.kind() == DeadLetter.Kind.INVALID_SPANS) {
                n += spans(parse(dl.payload())).size();
            }
        }
        return n;
    }

    /** Decoding never throws; every fragment holds valid spans of its own trace; dead letters carry a reason; an undecodable record is kept whole; nothing parsed is lost. */
    static void assertDecodedWithoutLoss(OtlpRecordDecoder decoder, Encoding encoding, byte[] value) {
        DecodedRecord[] holder = new DecodedRecord[1];
        assertThatCode(() -> holder[0] = decoder.decode(value)).as(() -> "decoding " + Arrays.toString(value)).doesNotThrowAnyException();
        DecodedRecord decoded = holder[0];

        assertThat(decoded.fragments().size() + decoded.deadLetters().size()).as("something comes out").isPositive();
        for (DeadLetter dl : decoded.deadLetters()) {
            assertThat(dl.reason()).isNotBlank();
            if (dl.kind() == DeadLetter.Kind.UNDECODABLE) {
                assertThat(dl.payload()).isSameAs(value);
                assertThat(decoded.fragments()).isEmpty();
            }
        }
        for (TraceFragment f : decoded.fragments()) {
            List<Span> spans = spans(parse(f.tracesData()));
            assertThat(spans).hasSize(f.spanCount());
            assertThat(spans).allSatisfy(s -> {
                assertThat(s.getTraceId().toByteArray()).isEqualTo(f.traceId());
                assertThat(ReferenceFragmenter.problemWith(s)).isNull();
            });
        }
        boolean undecodable = decoded.deadLetters().stream().anyMatch(dl -> dl.kind() == DeadLetter.Kind.UNDECODABLE);
        TracesData asProtobuf = encoding == Encoding.OTLP_JSON ? null : parseAsProtobufOrNull(value);
        if (asProtobuf != null && !undecodable) {
            assertThat(spansOut(decoded)).as("every span exactly once").isEqualTo(spans(asProtobuf).size());
        }
    }
}
