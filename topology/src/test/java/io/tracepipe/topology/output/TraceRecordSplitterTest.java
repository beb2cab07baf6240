package io.tracepipe.topology.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.topology.HeaderValues;
import io.tracepipe.topology.assembly.TraceAssembler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class TraceRecordSplitterTest {
    private static final byte[] TRACE = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    private static Span span(int n, int attributeBytes) {
        return Span.newBuilder().setTraceId(ByteString.copyFrom(TRACE))
                .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(0xA000_0000_0000_0000L | n).array()))
                .setName("op-" + n).setStartTimeUnixNano(1_700_000_000_000_000_000L + n)
                .addAttributes(KeyValue.newBuilder().setKey("payload").setValue(AnyValue.newBuilder().setStringValue("x".repeat(attributeBytes))))
                .build();
    }

    /** {@code spans} spans spread over three resources of two scopes each. */
    private static TracesData trace(int spans, int attributeBytes) {
        TracesData.Builder data = TracesData.newBuilder();
        int n = 0;
        for (int r = 0; r < 3; r++) {
            ResourceSpans.Builder rs = data.addResourceSpansBuilder().setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")
                    .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                            .setValue(AnyValue.newBuilder().setStringValue("service-" + r))));
            for (int s = 0; s < 2; s++) {
                ScopeSpans.Builder ss = rs.addScopeSpansBuilder().setScope(InstrumentationScope.newBuilder().setName("scope-" + s));
                for (int i = 0; i < spans / 6 + (r == 2 && s == 1 ? spans % 6 : 0); i++) {
                    ss.addSpans(span(n++, attributeBytes));
                }
            }
        }
        return data.build();
    }

    private static List<Span> spans(List<TracesData> parts) {
        List<Span> out = new ArrayList<>();
        parts.forEach(p -> p.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> out.addAll(ss.getSpansList()))));
        return out;
    }

    @Test
    void aHundredThousandSpanTraceSplitsIntoPartsUnderTheLimitKeepingEverySpanOnceInOrder() {
        TracesData big = trace(100_000, 20);
        assertThat(big.getSerializedSize()).isGreaterThan(5 * TraceRecordSplitter.MAX_RECORD_BYTES);

        List<TracesData> parts = TraceRecordSplitter.split(big, TraceRecordSplitter.MAX_RECORD_BYTES);

        assertThat(parts).hasSizeGreaterThan(5).allSatisfy(p -> assertThat(p.getSerializedSize()).isLessThanOrEqualTo(TraceRecordSplitter.MAX_RECORD_BYTES));
        assertThat(spans(parts)).containsExactlyElementsOf(spans(List.of(big)));
        assertThat(parts.get(0).getResourceSpans(0).getResource()).isEqualTo(big.getResourceSpans(0).getResource());
        assertThat(parts.get(0).getResourceSpans(0).getSchemaUrl()).isEqualTo(big.getResourceSpans(0).getSchemaUrl());
        assertThat(parts).allSatisfy(p -> p.getResourceSpansList().forEach(rs -> {
            assertThat(rs.getScopeSpansList()).isNotEmpty().allSatisfy(ss -> assertThat(ss.getSpansList()).isNotEmpty());
            assertThat(rs.getResource().getAttributes(0).getKey()).isEqualTo("service.name");
        }));
    }

    @Test
    void partsComeCloseToTheLimit() {
        List<TracesData> parts = TraceRecordSplitter.split(trace(3_000, 1_000), 100_000);

        assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(p -> assertThat(p.getSerializedSize()).isBetween(95_000, 100_000));
    }

    @Test
    void aSpanLargerThanTheLimitGetsAPartOfItsOwn() {
        TracesData data = trace(6, 50_000);

        List<TracesData> parts = TraceRecordSplitter.split(data, 40_000);

        assertThat(parts).hasSize(6);
        assertThat(spans(parts)).containsExactlyElementsOf(spans(List.of(data)));
    }

    @Test
    void aTraceThatFitsIsForwardedUntouchedAndALargerOneAsRecordsThatSayWhichTheyAre() throws Exception {
        TraceRecordSplitter splitter = new TraceRecordSplitter(200_000);
        MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
        splitter.init(context);
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceAssembler.HEADER_SPANS, HeaderValues.utf8("600"));
        headers.add(TraceAssembler.HEADER_TRUNCATED, HeaderValues.utf8("false"));

        byte[] small = trace(60, 100).toByteArray();
        splitter.process(new Record<>("abc", small, 42L, headers));
        assertThat(context.forwarded()).singleElement().satisfies(f -> {
            assertThat(f.record().value()).isSameAs(small);
            assertThat(f.record().headers().lastHeader(TraceRecordSplitter.HEADER_RECORD)).isNull();
        });
        context.resetForwards();

        TracesData big = trace(600, 1_000);
        splitter.process(new Record<>("abc", big.toByteArray(), 42L, headers));

        List<MockProcessorContext.CapturedForward<? extends String, ? extends byte[]>> out = context.forwarded();
        assertThat(out).hasSize(4);
        int total = 0;
        for (int i = 0; i < out.size(); i++) {
            Record<? extends String, ? extends byte[]> r = out.get(i).record();
            assertThat(r.key()).isEqualTo("abc");
            assertThat(r.timestamp()).isEqualTo(42L);
            assertThat(HeaderValues.text(r.headers(), TraceRecordSplitter.HEADER_RECORD)).isEqualTo((i + 1) + "/4");
            assertThat(HeaderValues.text(r.headers(), TraceAssembler.HEADER_TRUNCATED)).isEqualTo("false");
            int spans = Integer.parseInt(HeaderValues.text(r.headers(), TraceAssembler.HEADER_SPANS));
            assertThat(r.value().length).isLessThanOrEqualTo(200_000);
            assertThat(spans).isEqualTo(TraceRecordSplitter.spanCount(TracesData.parseFrom(r.value())));
            total += spans;
        }
        assertThat(total).isEqualTo(600);
        assertThat(HeaderValues.text(headers, TraceAssembler.HEADER_SPANS)).as("the input's headers are left alone").isEqualTo("600");
    }
}
