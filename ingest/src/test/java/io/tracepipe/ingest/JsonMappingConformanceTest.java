package io.tracepipe.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
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
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything but the ids follows the standard proto3 JSON mapping, so protobuf's own JsonFormat printer is the
 * reference for it. Ids are left empty here: the printer writes them in base64, which OTLP/JSON does not.
 */
class JsonMappingConformanceTest {

    static Stream<Arguments> printers() {
        return Stream.of(
                Arguments.of("default", (UnaryOperator<JsonFormat.Printer>) p -> p),
                Arguments.of("proto field names", (UnaryOperator<JsonFormat.Printer>) JsonFormat.Printer::preservingProtoFieldNames),
                Arguments.of("enums as ints", (UnaryOperator<JsonFormat.Printer>) JsonFormat.Printer::printingEnumsAsInts),
                Arguments.of("all defaults", (UnaryOperator<JsonFormat.Printer>) JsonFormat.Printer::alwaysPrintFieldsWithNoPresence),
                Arguments.of("compact", (UnaryOperator<JsonFormat.Printer>) JsonFormat.Printer::omittingInsignificantWhitespace));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("printers")
    void readsEveryFieldAsTheStandardMappingWritesIt(String name, UnaryOperator<JsonFormat.Printer> printer)
            throws InvalidProtocolBufferException {
        TracesData data = everyField();
        String json = printer.apply(JsonFormat.printer()).print(data);

        assertThat(OtlpJson.parse(json.getBytes(UTF_8))).isEqualTo(data);
    }

    @Test
    void refusesExactlyTheNestingThatProtobufRefuses() throws InvalidProtocolBufferException {
        // A fragment must parse again downstream, so JSON may nest no deeper than the protobuf parser allows.
        boolean sawAccepted = false;
        boolean sawRefused = false;
        for (int depth = 25; depth <= 40; depth++) {
            TracesData deep = nestedAttribute(depth);
            boolean protobufAccepts = parses(deep.toByteArray());
            boolean jsonAccepts;
            try {
                jsonAccepts = OtlpJson.parse(JsonFormat.printer().print(deep).getBytes(UTF_8)).equals(deep);
            } catch (OtlpJson.MalformedJsonException e) {
                assertThat(e).hasMessageContaining("nested more than");
                jsonAccepts = false;
            }
            assertThat(jsonAccepts).as("depth %d", depth).isEqualTo(protobufAccepts);
            sawAccepted |= protobufAccepts;
            sawRefused |= !protobufAccepts;
        }
        assertThat(sawAccepted).isTrue();
        assertThat(sawRefused).isTrue();
    }

    private static boolean parses(byte[] bytes) {
        try {
            TracesData.parseFrom(bytes);
            return true;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** A span attribute of {@code depth} nested key/value lists (three messages deep each). */
    private static TracesData nestedAttribute(int depth) {
        AnyValue value = AnyValue.newBuilder().setStringValue("bottom").build();
        for (int i = 0; i < depth; i++) {
            value = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                    .addValues(KeyValue.newBuilder().setKey("k" + i).setValue(value))).build();
        }
        Span span = Span.newBuilder().setName("deep").addAttributes(KeyValue.newBuilder().setKey("root").setValue(value)).build();
        return TracesData.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
                .build();
    }

    /** Every field of the trace messages set, with awkward values, ids empty. */
    static TracesData everyField() {
        Span full = Span.newBuilder()
                .setTraceState("a=1,b=2")
                .setFlags(0xFFFF_FFFF)
                .setName("GET /ünïcödé \"quoted\" \\ \n")
                .setKind(Span.SpanKind.SPAN_KIND_CONSUMER)
                .setStartTimeUnixNano(-1L) // fixed64 max
                .setEndTimeUnixNano(Long.MAX_VALUE)
                .addAttributes(kv("string", AnyValue.newBuilder().setStringValue("")))
                .addAttributes(kv("min", AnyValue.newBuilder().setIntValue(Long.MIN_VALUE)))
                .addAttributes(kv("max", AnyValue.newBuilder().setIntValue(Long.MAX_VALUE)))
                .addAttributes(kv("nan", AnyValue.newBuilder().setDoubleValue(Double.NaN)))
                .addAttributes(kv("inf", AnyValue.newBuilder().setDoubleValue(Double.POSITIVE_INFINITY)))
                .addAttributes(kv("negzero", AnyValue.newBuilder().setDoubleValue(-0.0)))
                .addAttributes(kv("tiny", AnyValue.newBuilder().setDoubleValue(Double.MIN_VALUE)))
                .addAttributes(kv("huge", AnyValue.newBuilder().setDoubleValue(Double.MAX_VALUE)))
                .addAttributes(kv("tenth", AnyValue.newBuilder().setDoubleValue(0.1)))
                .addAttributes(kv("false", AnyValue.newBuilder().setBoolValue(false)))
                .addAttributes(kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, -1, 62, 63, -2}))))
                .addAttributes(kv("emptyArray", AnyValue.newBuilder().setArrayValue(ArrayValue.getDefaultInstance())))
                .addAttributes(kv("array", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setIntValue(1))
                        .addValues(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                                .addValues(AnyValue.newBuilder().setBoolValue(true)))))))
                .addAttributes(kv("kvlist", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("inner", AnyValue.newBuilder().setDoubleValue(-2.5))))))
                .addAttributes(kv("unset", AnyValue.newBuilder()))
                .setDroppedAttributesCount(-1) // uint32 max
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(1).setName("e")
                        .addAttributes(kv("k", AnyValue.newBuilder().setStringValue("v"))).setDroppedAttributesCount(2))
                .setDroppedEventsCount(3)
                .addLinks(Span.Link.newBuilder().setTraceState("t=1").setFlags(1)
                        .addAttributes(kv("k", AnyValue.newBuilder().setIntValue(9))).setDroppedAttributesCount(4))
                .setDroppedLinksCount(5)
                .setStatus(Status.newBuilder().setMessage("boom").setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .build();
        Span unknownKind = Span.newBuilder().setName("from the future").setKindValue(42).build();
        return TracesData.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(OtlpTraces.attribute("service.name", "checkout"))
                                .setDroppedAttributesCount(7)
                                .addEntityRefs(EntityRef.newBuilder().setSchemaUrl("s").setType("service")
                                        .addIdKeys("service.name").addIdKeys("service.namespace")
                                        .addDescriptionKeys("service.version")))
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("scope").setVersion("2")
                                        .addAttributes(OtlpTraces.attribute("a", "b")).setDroppedAttributesCount(1))
                                .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
                                .addSpans(full)
                                .addSpans(unknownKind))
                        .setSchemaUrl(TestSpans.SCHEMA_URL))
                .addResourceSpans(ResourceSpans.getDefaultInstance())
                .build();
    }

    private static KeyValue kv(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
