package io.tracepipe.ingest;

import static io.tracepipe.devkit.fixtures.OtlpTraces.spanId;
import static io.tracepipe.devkit.fixtures.OtlpTraces.traceId;
import static io.tracepipe.devkit.fixtures.OtlpTraces.traces;
import static io.tracepipe.ingest.TestSpans.bytes;
import static io.tracepipe.ingest.TestSpans.span;
import static io.tracepipe.ingest.TestSpans.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InvalidSpanIdsTest {
    private static final Span SHORT_TRACE_ID = span(bytes(15, 0x11), spanId(101));
    private static final Span ZERO_TRACE_ID = span(zeros(16), spanId(102));
    private static final Span ZERO_SPAN_ID = span(traceId(1), zeros(8));
    private static final Span LONG_SPAN_ID = span(traceId(2), bytes(9, 0x22));

    private final OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.OTLP_PROTO);

    @Test
    void setsSpansWithInvalidIdsAsideInOneDeadLetterAndKeepsTheValidOnes() {
        TracesData data = traces()
                .resource("checkout").resourceSchemaUrl(TestSpans.SCHEMA_URL)
                .scope("http").add(span(1, 1), SHORT_TRACE_ID, span(2, 2), ZERO_TRACE_ID)
                .resource("payments")
                .scope("grpc").add(ZERO_SPAN_ID, LONG_SPAN_ID, span(1, 3))
                .tracesData();

        DecodedRecord decoded = decoder.decode(data.toByteArray());

        assertThat(decoded.fragments()).extracting(TraceFragment::traceIdHex, TraceFragment::spanCount).containsExactly(
                tuple(Ids.toHex(traceId(1).toByteArray()), 2),
                tuple(Ids.toHex(traceId(2).toByteArray()), 1));
        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.INVALID_SPANS);
            assertThat(dl.reason()).startsWith("4 span(s) with invalid ids")
                    .contains("trace id has 15 bytes", "trace id is all zeros", "span id is all zeros", "span id has 9 bytes");
            assertThat(OtlpTraces.parse(dl.payload())).isEqualTo(traces()
                    .resource("checkout").resourceSchemaUrl(TestSpans.SCHEMA_URL).scope("http").add(SHORT_TRACE_ID, ZERO_TRACE_ID)
                    .resource("payments").scope("grpc").add(ZERO_SPAN_ID, LONG_SPAN_ID)
                    .tracesData());
        });
    }

    @Test
    void recordOfInvalidSpansOnlyIsOneDeadLetterAndNoFragment() {
        DecodedRecord decoded = decoder.decode(traces().resource("checkout").scope("http").add(ZERO_SPAN_ID).bytes());

        assertThat(decoded.fragments()).isEmpty();
        assertThat(decoded.deadLetters()).singleElement()
                .satisfies(dl -> assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.INVALID_SPANS));
    }

    @Test
    void reasonListsTheFirstFewProblemsOnly() {
        List<Span> invalid = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            invalid.add(span(traceId(i), zeros(8)));
        }
        TracesData data = traces().resource("checkout").scope("http").add(invalid.toArray(Span[]::new)).tracesData();

        DecodedRecord decoded = decoder.decode(data.toByteArray());

        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.reason()).startsWith("7 span(s) with invalid ids").endsWith("; ...");
            assertThat(dl.reason().split("span id is all zeros", -1)).hasSize(6);
            assertThat(OtlpTraces.spans(OtlpTraces.parse(dl.payload()))).isEqualTo(invalid);
        });
    }

    @Test
    void randomRecordsPutEverySpanExactlyOnceWhereItBelongs() {
        // A small pool of ids, some invalid, so traces repeat across resources and scopes.
        ByteString[] traceIds = {traceId(1), traceId(2), traceId(3), zeros(16), bytes(15, 7), ByteString.EMPTY};
        ByteString[] spanIds = {spanId(1), spanId(2), zeros(8), bytes(9, 1)};
        Random random = new Random(42L);
        for (int round = 0; round < 200; round++) {
            OtlpTraces batch = traces();
            for (int r = random.nextInt(3) + 1; r > 0; r--) {
                batch.resource("service-" + r).resourceSchemaUrl(random.nextBoolean() ? "" : "s" + r);
                for (int s = random.nextInt(3) + 1; s > 0; s--) {
                    Span[] spans = new Span[random.nextInt(5)];
                    for (int i = 0; i < spans.length; i++) {
                        spans[i] = span(traceIds[random.nextInt(traceIds.length)], spanIds[random.nextInt(spanIds.length)])
                                .toBuilder().setName("r" + round + "-" + r + "-" + s + "-" + i).build();
                    }
                    batch.scope("scope-" + s).scopeSchemaUrl(random.nextBoolean() ? "" : "u" + s).add(spans);
                }
            }
            TracesData data = batch.tracesData();

            DecodedRecord decoded = decoder.decode(data.toByteArray());

            assertPartition(data, decoded);
        }
    }

    /**
     * Valid spans are in their trace's fragment, invalid ones in the dead letter, each once, in input order and
     * under the Resource and scope they came with.
     */
    private static void assertPartition(TracesData data, DecodedRecord decoded) {
        Map<ByteString, List<Placed>> expectedByTrace = new HashMap<>();
        List<Placed> expectedInvalid = new ArrayList<>();
        for (Placed placed : Placed.all(data)) {
            Span span = placed.span();
            if (Ids.isValidTraceId(span.getTraceId().toByteArray()) && Ids.isValidSpanId(span.getSpanId().toByteArray())) {
                expectedByTrace.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(placed);
            } else {
                expectedInvalid.add(placed);
            }
        }
        if (expectedByTrace.isEmpty() && expectedInvalid.isEmpty()) {
            assertThat(decoded.deadLetters()).singleElement()
                    .satisfies(dl -> assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE));
            return;
        }
        Map<ByteString, List<Placed>> actualByTrace = new HashMap<>();
        for (TraceFragment f : decoded.fragments()) {
            List<Placed> placed = Placed.all(OtlpTraces.parse(f.tracesData()));
            assertThat(placed).hasSize(f.spanCount());
            assertThat(actualByTrace.put(ByteString.copyFrom(f.traceId()), placed)).as("one fragment per trace").isNull();
        }
        assertThat(actualByTrace).isEqualTo(expectedByTrace);
        assertThat(decoded.deadLetters()).hasSize(expectedInvalid.isEmpty() ? 0 : 1);
        if (!expectedInvalid.isEmpty()) {
            assertThat(Placed.all(OtlpTraces.parse(decoded.deadLetters().get(0).payload()))).isEqualTo(expectedInvalid);
        }
    }

    /** A span with the Resource and scope it sits under. */
    private record Placed(Resource resource, String resourceSchemaUrl, InstrumentationScope scope, String scopeSchemaUrl,
            Span span) {
        static List<Placed> all(TracesData data) {
            List<Placed> all = new ArrayList<>();
            for (ResourceSpans rs : data.getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        all.add(new Placed(rs.getResource(), rs.getSchemaUrl(), ss.getScope(), ss.getSchemaUrl(), span));
                    }
                }
            }
            return all;
        }
    }
}
