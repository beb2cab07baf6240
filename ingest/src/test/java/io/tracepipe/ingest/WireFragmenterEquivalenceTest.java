package io.tracepipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import io.tracepipe.ingest.wire.TracesDataWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The wire scan against the parse-based decoder it replaced ({@link ReferenceFragmenter}), on
 * thousands of generated records and damaged copies of them: wherever the parser reads a record,
 * the scan makes the same fragments and dead letters of it (compared as parsed messages); where the
 * parser refuses a record, the scan either refuses it too or passes on exactly the spans that parse
 * and sets aside exactly those that do not, each once. {@code -Ddecoder.cases=N}, {@code -Ddecoder.seed=S}.
 */
class WireFragmenterEquivalenceTest {
    private static final int CASES = Integer.getInteger("decoder.cases", 2_000);
    private static final long SEED = Long.getLong("decoder.seed", 20261204L);

    private final OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.OTLP_PROTO);

    @Test
    void generatedRecordsDecodeAsTheParserDecodesThem() {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            byte[] value = (random.nextBoolean() ? richRecord(random) : DecoderPropertiesTest.validRecord(random)).toByteArray();
            assertSameAsReference(value, seed);
        }
    }

    @Test
    void damagedRecordsDecodeAsTheParserOrSetExactlyTheUnparseableSpansAside() {
        int refusedByParser = 0;
        int spansSavedFromRefusedRecords = 0;
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            byte[] value = richRecord(random).toByteArray();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                value[random.nextInt(value.length)] = (byte) random.nextInt(256);
            }
            if (ReferenceFragmenter.decodeProto(value).isUndecodable()) {
                refusedByParser++;
                spansSavedFromRefusedRecords += assertSpansSortedByWhetherTheyParse(value, seed);
            } else {
                assertSameAsReference(value, seed);
            }
        }
        assertThat(refusedByParser).as("the damage reaches the parser's refusals").isGreaterThan(CASES / 10);
        assertThat(spansSavedFromRefusedRecords).as("a span damaged inside no longer costs its neighbours").isPositive();
    }

    @Test
    void recordsCutShortAreUndecodableAsForTheParser() {
        for (int i = 0; i < CASES / 4; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            byte[] whole = richRecord(random).toByteArray();
            byte[] value = Arrays.copyOf(whole, random.nextInt(whole.length));
            if (value.length == 0) {
                continue;
            }
            DecodedRecord reference = ReferenceFragmenter.decodeProto(value);
            DecodedRecord scanned = decoder.decode(value);
            assertThat(scanned.isUndecodable()).as("seed %d", seed).isEqualTo(reference.isUndecodable());
        }
    }

    @Test
    void spanWithBadUtf8IsSetAsideAndItsNeighboursGoOn() {
        Span good1 = TestSpans.span(1, 1);
        Span bad = TestSpans.span(1, 2).toBuilder().setName("BAD!").build();
        Span good2 = TestSpans.span(2, 3);
        byte[] value = OtlpTraces.traces().resource("checkout").scope("http").add(good1, bad, good2).bytes();
        int at = indexOf(value, "BAD!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        value[at] = (byte) 0xC0; // an overlong UTF-8 lead byte: the parser refuses the whole record

        DecodedRecord decoded = decoder.decode(value);

        assertThat(ReferenceFragmenter.decodeProto(value).isUndecodable()).isTrue();
        assertThat(decoded.fragments()).extracting(TraceFragment::spanCount).containsExactly(1, 1);
        assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.INVALID_SPANS);
            assertThat(dl.spanCount()).isEqualTo(1);
            assertThat(dl.reason()).startsWith("1 malformed span(s)").contains("span 0/0/1", "Span.name is not valid UTF-8");
        });
    }

    /** The scan gives the reference's fragments and dead letters, as parsed messages. */
    private void assertSameAsReference(byte[] value, long seed) {
        DecodedRecord reference = ReferenceFragmenter.decodeProto(value);
        DecodedRecord scanned = decoder.decode(value);
        String context = "seed " + seed;
        assertThat(scanned.isUndecodable()).as(context).isEqualTo(reference.isUndecodable());
        if (reference.isUndecodable()) {
            assertThat(scanned.deadLetters().get(0).payload()).as(context).isSameAs(value);
            return;
        }
        assertThat(scanned.fragments()).as(context).hasSameSizeAs(reference.fragments());
        for (int f = 0; f < reference.fragments().size(); f++) {
            TraceFragment want = reference.fragments().get(f);
            TraceFragment got = scanned.fragments().get(f);
            assertThat(got.traceId()).as(context).isEqualTo(want.traceId());
            assertThat(got.spanCount()).as(context).isEqualTo(want.spanCount());
            assertThat(OtlpTraces.parse(got.tracesData())).as(context).isEqualTo(OtlpTraces.parse(want.tracesData()));
        }
        assertThat(scanned.deadLetters()).as(context).hasSameSizeAs(reference.deadLetters());
        for (int d = 0; d < reference.deadLetters().size(); d++) {
            DeadLetter want = reference.deadLetters().get(d);
            DeadLetter got = scanned.deadLetters().get(d);
            assertThat(got.kind()).as(context).isEqualTo(want.kind());
            assertThat(got.reason()).as(context).isEqualTo(want.reason());
            assertThat(got.spanCount()).as(context).isEqualTo(want.spanCount());
            assertThat(OtlpTraces.parse(got.payload())).as(context).isEqualTo(OtlpTraces.parse(want.payload()));
        }
    }

    /**
     * For a record the parser refuses: either the scan refuses it too, or every span it passes on
     * parses (in place, as deep as in the record) and every span it calls malformed does not.
     * Returns how many spans went on.
     */
    private int assertSpansSortedByWhetherTheyParse(byte[] value, long seed) {
        DecodedRecord scanned = decoder.decode(value);
        if (scanned.isUndecodable()) {
            return 0;
        }
        int passed = 0;
        for (TraceFragment f : scanned.fragments()) {
            List<Span> spans = OtlpTraces.spans(OtlpTraces.parse(f.tracesData())); // parses, or the test fails here
            assertThat(spans).as("seed %d", seed).hasSize(f.spanCount());
            passed += spans.size();
        }
        for (DeadLetter dl : scanned.deadLetters()) {
            if (dl.reason().contains("malformed span(s)")) {
                for (byte[] span : spanBytes(dl.payload())) {
                    assertThat(parsesInPlace(span)).as("seed %d: a span set aside as malformed does not parse", seed).isFalse();
                }
            } else {
                OtlpTraces.parse(dl.payload());
            }
        }
        return passed;
    }

    /** Whether one span's bytes parse as protobuf-java reads them inside a TracesData (three messages deep). */
    private static boolean parsesInPlace(byte[] span) {
        byte[] header = {0x0A, 0};
        byte[] wrapped = new TracesDataWriter().resource(header, 0, 2).scope(header, 0, 2).span(span, 0, span.length).toByteArray();
        try {
            TracesData.parseFrom(wrapped);
            return true;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** The raw bytes of each span in a TracesData whose spans may not parse (structure only). */
    private static List<byte[]> spanBytes(byte[] tracesData) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] rs : lengthDelimited(tracesData, 1)) {
            for (byte[] ss : lengthDelimited(rs, 2)) {
                out.addAll(lengthDelimited(ss, 2));
            }
        }
        return out;
    }

    private static List<byte[]> lengthDelimited(byte[] message, int field) {
        List<byte[]> out = new ArrayList<>();
        io.tracepipe.ingest.wire.WireCursor in = new io.tracepipe.ingest.wire.WireCursor(message, 0, message.length);
        while (in.hasMore()) {
            int tag = in.readTag();
            if ((tag & 7) == 2) {
                int end = in.readLengthEnd();
                if (tag >>> 3 == field) {
                    out.add(Arrays.copyOfRange(message, in.position(), end));
                }
                in.skipTo(end);
            } else if ((tag & 7) == 0) {
                in.readVarint();
            } else {
                throw new AssertionError("unexpected wire type in our own output");
            }
        }
        return out;
    }

    /** Records with everything a span can hold: every kind of attribute value, events, links, status, trace state, schema URLs. */
    static TracesData richRecord(Random random) {
        TracesData.Builder data = TracesData.newBuilder();
        for (int r = 1 + random.nextInt(3); r > 0; r--) {
            ResourceSpans.Builder rs = data.addResourceSpansBuilder();
            if (random.nextInt(5) > 0) {
                rs.setResource(Resource.newBuilder().addAttributes(kv("service.name", AnyValue.newBuilder().setStringValue("svc" + r).build()))
                        .addAttributes(kv("host", anyValue(random, 2))).setDroppedAttributesCount(random.nextInt(3)));
            }
            if (random.nextBoolean()) {
                rs.setSchemaUrl("https://opentelemetry.io/schemas/1." + random.nextInt(30) + ".0");
            }
            for (int s = 1 + random.nextInt(3); s > 0; s--) {
                ScopeSpans.Builder ss = rs.addScopeSpansBuilder();
                if (random.nextInt(4) > 0) {
                    ss.setScope(InstrumentationScope.newBuilder().setName("scope" + s).setVersion("1." + s)
                            .addAttributes(kv("lib", anyValue(random, 1))));
                }
                if (random.nextBoolean()) {
                    ss.setSchemaUrl("u" + s);
                }
                for (int n = 1 + random.nextInt(5); n > 0; n--) {
                    ss.addSpans(richSpan(random));
                }
            }
        }
        return data.build();
    }

    private static Span richSpan(Random random) {
        Span.Builder span = Span.newBuilder()
                .setTraceId(DecoderPropertiesTest.id(random, Ids.TRACE_ID_BYTES, 5))
                .setSpanId(DecoderPropertiesTest.id(random, Ids.SPAN_ID_BYTES, 10_000))
                .setName("op-" + random.nextInt(100) + (random.nextInt(6) == 0 ? "-\u00e9\u4e2d\ud83d\ude00" : ""))
                .setKind(Span.SpanKind.forNumber(random.nextInt(6)))
                .setStartTimeUnixNano(random.nextLong())
                .setEndTimeUnixNano(random.nextLong());
        if (random.nextBoolean()) {
            span.setParentSpanId(DecoderPropertiesTest.id(random, Ids.SPAN_ID_BYTES, 10_000));
        }
        if (random.nextInt(4) == 0) {
            span.setTraceState("k=v,t" + random.nextInt(9) + "=x");
        }
        for (int a = random.nextInt(5); a > 0; a--) {
            span.addAttributes(kv("a" + a, anyValue(random, 3)));
        }
        if (random.nextInt(3) == 0) {
            span.addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(random.nextLong())
                    .addAttributes(kv("exception.message", anyValue(random, 1))));
        }
        if (random.nextInt(4) == 0) {
            span.addLinks(Span.Link.newBuilder().setTraceId(DecoderPropertiesTest.id(random, 16, 5)).setSpanId(DecoderPropertiesTest.id(random, 8, 5)).setFlags(random.nextInt())
                    .addAttributes(kv("l", anyValue(random, 1))));
        }
        if (random.nextBoolean()) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.forNumber(random.nextInt(3))).setMessage("m" + random.nextInt(3)));
        }
        if (random.nextInt(5) == 0) {
            span.setFlags(random.nextInt()).setDroppedAttributesCount(random.nextInt(4)).setDroppedEventsCount(1).setDroppedLinksCount(2);
        }
        return span.build();
    }

    private static AnyValue anyValue(Random random, int depth) {
        switch (random.nextInt(depth > 0 ? 7 : 5)) {
            case 0:
                return AnyValue.newBuilder().setStringValue("v" + random.nextInt(1000)).build();
            case 1:
                return AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build();
            case 2:
                return AnyValue.newBuilder().setIntValue(random.nextLong()).build();
            case 3:
                return AnyValue.newBuilder().setDoubleValue(random.nextDouble()).build();
            case 4:
                byte[] bytes = new byte[random.nextInt(8)];
                random.nextBytes(bytes);
                return AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(bytes)).build();
            case 5:
                return AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(anyValue(random, depth - 1))
                        .addValues(anyValue(random, depth - 1))).build();
            default:
                return AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(kv("k", anyValue(random, depth - 1)))).build();
        }
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
