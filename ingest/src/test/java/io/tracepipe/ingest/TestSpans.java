package io.tracepipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small builders of OTLP test data: spans with numbered ids, resources with a service name, and span counting. */
final class TestSpans {
    static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.24.0";

    private TestSpans() {}

    /** A valid 16-byte trace id derived from {@code n}. */
    static ByteString traceId(int n) {
        return id(Ids.TRACE_ID_BYTES, n);
    }

    /** A valid 8-byte span id derived from {@code n}. */
    static ByteString spanId(int n) {
        return id(Ids.SPAN_ID_BYTES, n);
    }

    static ByteString zeros(int length) {
        return ByteString.copyFrom(new byte[length]);
    }

    static ByteString bytes(int length, int fill) {
        byte[] id = new byte[length];
        Arrays.fill(id, (byte) fill);
        return ByteString.copyFrom(id);
    }

    private static ByteString id(int length, int n) {
        byte[] id = new byte[length];
        id[0] = (byte) 0xA0; // never all zeros, whatever n is
        for (int i = 0; i < 4; i++) {
            id[length - 1 - i] = (byte) (n >>> (8 * i));
        }
        return ByteString.copyFrom(id);
    }

    /** Span number {@code span} of trace number {@code trace}, named after both. */
    static Span span(int trace, int span) {
        return span(traceId(trace), spanId(span));
    }

    static Span span(ByteString traceId, ByteString spanId) {
        return Span.newBuilder()
                .setTraceId(traceId)
                .setSpanId(spanId)
                .setName("op-" + Ids.toHex(spanId.toByteArray()))
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(1_700_000_000_000_000_000L)
                .setEndTimeUnixNano(1_700_000_000_250_000_000L)
                .build();
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** Starts a ResourceSpans for the service {@code serviceName}. */
    static ResourceBuilder resource(String serviceName) {
        return new ResourceBuilder(serviceName);
    }

    static TracesData traces(ResourceSpans... resources) {
        return TracesData.newBuilder().addAllResourceSpans(List.of(resources)).build();
    }

    static ExportTraceServiceRequest request(ResourceSpans... resources) {
        return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(List.of(resources)).build();
    }

    static TracesData parse(byte[] tracesData) {
        try {
            return TracesData.parseFrom(tracesData);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not TracesData", e);
        }
    }

    static List<Span> spans(TracesData data) {
        List<Span> spans = new ArrayList<>();
        for (ResourceSpans rs : data.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                spans.addAll(ss.getSpansList());
            }
        }
        return spans;
    }

    /** Spans of all fragments and INVALID_SPANS dead letters of a decoded record. */
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

    static int spansOut(DecodedRecord decoded) {
        int n = decoded.spanCount();
        for (DeadLetter dl : decoded.deadLetters()) {
            if (dl.kind() == DeadLetter.Kind.INVALID_SPANS) {
                n += spans(parse(dl.payload())).size();
            }
        }
        return n;
    }

    /** Fluent ResourceSpans: a service-named resource holding scopes of spans. */
    static final class ResourceBuilder {
        private final ResourceSpans.Builder resource;

        private ResourceBuilder(String serviceName) {
            resource = ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(attribute("service.name", serviceName)));
        }

        ResourceBuilder schemaUrl(String url) {
            resource.setSchemaUrl(url);
            return this;
        }

        ResourceBuilder scope(String name, Span... spans) {
            return scope(name, "", spans);
        }

        ResourceBuilder scope(String name, String schemaUrl, Span... spans) {
            resource.addScopeSpans(ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName(name).setVersion("1.0.0"))
                    .setSchemaUrl(schemaUrl)
                    .addAllSpans(List.of(spans)));
            return this;
        }

        ResourceSpans build() {
            return resource.build();
        }
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
