package io.tracepipe.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpJsonTest {
    /** Written as the OTLP/JSON specification shows it, with the liberties a receiver must accept. */
    static final String SPEC_DOCUMENT = """
            {
              "resourceSpans": [
                {
                  "resource": {
                    "attributes": [
                      {"key": "service.name", "value": {"stringValue": "checkout"}}
                    ],
                    "droppedAttributesCount": 1
                  },
                  "schemaUrl": "https://opentelemetry.io/schemas/1.24.0",
                  "scopeSpans": [
                    {
                      "scope": {"name": "io.tracepipe.http", "version": "1.2.0"},
                      "schemaUrl": "https://opentelemetry.io/schemas/1.21.0",
                      "spans": [
                        {
                          "traceId": "5B8EFFF798038103D269B633813FC60C",
                          "spanId": "EEE19B7EC3C1B174",
                          "parentSpanId": "",
                          "traceState": "vendor=1",
                          "flags": 257,
                          "name": "GET /cart",
                          "kind": "SPAN_KIND_SERVER",
                          "startTimeUnixNano": "1544712660000000001",
                          "endTimeUnixNano": "1544712661000000001",
                          "attributes": [
                            {"key": "http.request.method", "value": {"stringValue": "GET"}},
                            {"key": "http.response.status_code", "value": {"intValue": "200"}},
                            {"key": "retries", "value": {"intValue": 3}},
                            {"key": "sample.ratio", "value": {"doubleValue": 0.25}},
                            {"key": "cache.hit", "value": {"boolValue": true}},
                            {"key": "payload", "value": {"bytesValue": "3q2+7w=="}},
                            {"key": "tags", "value": {"arrayValue": {"values": [{"stringValue": "a"}, {"intValue": "-7"}]}}},
                            {"key": "peer", "value": {"kvlistValue": {"values": [{"key": "host", "value": {"stringValue": "db-1"}}]}}},
                            {"key": "nothing", "value": {}}
                          ],
                          "droppedAttributesCount": 0,
                          "events": [
                            {
                              "timeUnixNano": "1544712660500000000",
                              "name": "cache miss",
                              "attributes": [{"key": "cache.key", "value": {"stringValue": "cart:42"}}]
                            }
                          ],
                          "links": [
                            {
                              "traceId": "0af7651916cd43dd8448eb211c80319c",
                              "spanId": "B7AD6B7169203331",
                              "traceState": "",
                              "attributes": [],
                              "droppedAttributesCount": 0,
                              "flags": 256
                            }
                          ],
                          "status": {"message": "all good", "code": "STATUS_CODE_OK"},
                          "someFutureField": {"nested": [1, "two", {"three": null}]}
                        },
                        {
                          "traceId": "5b8efff798038103d269b633813fc60c",
                          "spanId": "eee19b7ec3c1b175",
                          "parentSpanId": "eee19b7ec3c1b174",
                          "name": "SELECT cart",
                          "kind": 2,
                          "startTimeUnixNano": 1544712660100000001,
                          "endTimeUnixNano": 1544712660200000001,
                          "status": {"code": 2, "message": "timeout"}
                        }
                      ]
                    }
                  ]
                }
              ],
              "futureTopLevelField": true
            }
            """;

    /** The same spans as {@link #SPEC_DOCUMENT}, built in protobuf. */
    static TracesData specDocumentAsProto() {
        ByteString traceId = hex("5b8efff798038103d269b633813fc60c");
        Span server = Span.newBuilder()
                .setTraceId(traceId)
                .setSpanId(hex("eee19b7ec3c1b174"))
                .setTraceState("vendor=1")
                .setFlags(257)
                .setName("GET /cart")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1544712660000000001L)
                .setEndTimeUnixNano(1544712661000000001L)
                .addAttributes(OtlpTraces.attribute("http.request.method", "GET"))
                .addAttributes(keyValue("http.response.status_code", AnyValue.newBuilder().setIntValue(200)))
                .addAttributes(keyValue("retries", AnyValue.newBuilder().setIntValue(3)))
                .addAttributes(keyValue("sample.ratio", AnyValue.newBuilder().setDoubleValue(0.25)))
                .addAttributes(keyValue("cache.hit", AnyValue.newBuilder().setBoolValue(true)))
                .addAttributes(keyValue("payload", AnyValue.newBuilder()
                        .setBytesValue(ByteString.copyFrom(new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF}))))
                .addAttributes(keyValue("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("a"))
                        .addValues(AnyValue.newBuilder().setIntValue(-7)))))
                .addAttributes(keyValue("peer", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(OtlpTraces.attribute("host", "db-1")))))
                .addAttributes(keyValue("nothing", AnyValue.newBuilder()))
                .addEvents(Span.Event.newBuilder()
                        .setTimeUnixNano(1544712660500000000L)
                        .setName("cache miss")
                        .addAttributes(OtlpTraces.attribute("cache.key", "cart:42")))
                .addLinks(Span.Link.newBuilder()
                        .setTraceId(hex("0af7651916cd43dd8448eb211c80319c"))
                        .setSpanId(hex("b7ad6b7169203331"))
                        .setFlags(256))
                .setStatus(Status.newBuilder().setMessage("all good").setCode(Status.StatusCode.STATUS_CODE_OK))
                .build();
        Span client = Span.newBuilder()
                .setTraceId(traceId)
                .setSpanId(hex("eee19b7ec3c1b175"))
                .setParentSpanId(hex("eee19b7ec3c1b174"))
                .setName("SELECT cart")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1544712660100000001L)
                .setEndTimeUnixNano(1544712660200000001L)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("timeout"))
                .build();
        return TracesData.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(OtlpTraces.attribute("service.name", "checkout"))
                                .setDroppedAttributesCount(1))
                        .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("io.tracepipe.http").setVersion("1.2.0"))
                                .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
                                .addSpans(server)
                                .addSpans(client)))
                .build();
    }

    @Test
    void decodesTheDocumentAsTheSpecWritesIt() {
        assertThat(OtlpJson.parse(SPEC_DOCUMENT.getBytes(UTF_8))).isEqualTo(specDocumentAsProto());
    }

    @Test
    void acceptsTheOriginalSnakeCaseFieldNames() {
        String snakeCase = snakeCaseKeys(SPEC_DOCUMENT);
        assertThat(snakeCase).contains("\"resource_spans\"", "\"start_time_unix_nano\"", "\"trace_id\"");

        assertThat(OtlpJson.parse(snakeCase.getBytes(UTF_8))).isEqualTo(specDocumentAsProto());
    }

    @Test
    void readsSixtyFourBitIntegersWrittenAsNumbersWithoutLosingDigits() {
        // 2^63 - 1 and 2^64 - 1 (fixed64, written unsigned) are far beyond a double's 53 bits.
        TracesData data = OtlpJson.parse(spanJson("""
                "startTimeUnixNano": 18446744073709551615,
                "endTimeUnixNano": "9223372036854775807",
                "attributes": [{"key": "n", "value": {"intValue": -9223372036854775808}}]
                """));

        Span span = OtlpTraces.spans(data).get(0);
        assertThat(span.getStartTimeUnixNano()).isEqualTo(-1L);
        assertThat(span.getEndTimeUnixNano()).isEqualTo(Long.MAX_VALUE);
        assertThat(span.getAttributes(0).getValue().getIntValue()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void readsIntegersInExponentAndDecimalForm() {
        TracesData data = OtlpJson.parse(spanJson("""
                "startTimeUnixNano": "1.5e3",
                "endTimeUnixNano": 2000.0,
                "droppedAttributesCount": "4294967295",
                "kind": "3"
                """));

        Span span = OtlpTraces.spans(data).get(0);
        assertThat(span.getStartTimeUnixNano()).isEqualTo(1500L);
        assertThat(span.getEndTimeUnixNano()).isEqualTo(2000L);
        assertThat(span.getDroppedAttributesCount()).isEqualTo(-1); // uint32 max, as Java holds it
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    }

    @Test
    void keepsEnumNumbersWithoutANameAndIgnoresUnknownEnumNames() {
        TracesData data = OtlpJson.parse(("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
                + "{\"name\":\"a\",\"kind\":42},{\"name\":\"b\",\"kind\":\"SPAN_KIND_FROM_THE_FUTURE\"}]}]}]}").getBytes(UTF_8));

        assertThat(OtlpTraces.spans(data)).extracting(Span::getKindValue).containsExactly(42, 0);
    }

    @Test
    void treatsNullAsTheDefaultValue() {
        TracesData data = OtlpJson.parse(spanJson("""
                "name": null, "status": null, "attributes": null, "startTimeUnixNano": null
                """));

        assertThat(OtlpTraces.spans(data).get(0)).isEqualTo(Span.newBuilder()
                .setTraceId(OtlpTraces.traceId(1)).setSpanId(OtlpTraces.spanId(1)).build());
    }

    @Test
    void decodesSpecialAndNegativeZeroDoubles() {
        TracesData data = OtlpJson.parse(spanJson("""
                "attributes": [
                  {"key": "a", "value": {"doubleValue": "NaN"}},
                  {"key": "b", "value": {"doubleValue": "-Infinity"}},
                  {"key": "c", "value": {"doubleValue": -0.0}},
                  {"key": "d", "value": {"doubleValue": "1e-3"}}
                ]
                """));

        assertThat(OtlpTraces.spans(data).get(0).getAttributesList()).extracting(kv -> kv.getValue().getDoubleValue())
                .containsExactly(Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 0.001);
    }

    @Test
    void acceptsUrlSafeAndUnpaddedBase64Bytes() {
        TracesData data = OtlpJson.parse(spanJson("""
                "attributes": [
                  {"key": "a", "value": {"bytesValue": "-_8"}},
                  {"key": "b", "value": {"bytesValue": "+/8="}}
                ]
                """));

        assertThat(OtlpTraces.spans(data).get(0).getAttributesList()).extracting(kv -> kv.getValue().getBytesValue())
                .containsOnly(ByteString.copyFrom(new byte[] {(byte) 0xFB, (byte) 0xFF}));
    }

    @Test
    void decodesAnEmptyIdToEmptyBytes() {
        TracesData data = OtlpJson.parse(("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":"
                + "[{\"traceId\":\"\",\"spanId\":\"\",\"name\":\"x\"}]}]}]}").getBytes(UTF_8));

        Span span = OtlpTraces.spans(data).get(0);
        assertThat(span.getTraceId()).isEqualTo(ByteString.EMPTY);
        assertThat(span.getSpanId()).isEqualTo(ByteString.EMPTY);
    }

    @Test
    void emptyObjectIsEmptyTracesData() {
        assertThat(OtlpJson.parse("  {\n}\n".getBytes(UTF_8))).isEqualTo(TracesData.getDefaultInstance());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"traceId\": \"5B8EFFF798038103D269B633813FC6ZZ\" | invalid hex id | /spans/0/traceId",
        "\"spanId\": \"abc\"                              | invalid hex id | /spans/0/spanId",
        "\"parentSpanId\": \"0x01020304\"                 | invalid hex id | /spans/0/parentSpanId",
        "\"links\": [{\"spanId\": \"zz\"}]                | invalid hex id | /links/0/spanId",
        "\"traceId\": \"W47/95gDgQPSabYzgT/GDA==\"        | invalid hex id | /spans/0/traceId",
        "\"traceId\": 12                                  | expected a hex string | /spans/0/traceId",
        "\"name\": 5                                      | expected a string | /spans/0/name",
        "\"startTimeUnixNano\": \"12.5\"                  | not an integer | /startTimeUnixNano",
        "\"startTimeUnixNano\": \"-1\"                    | out of range | /startTimeUnixNano",
        "\"startTimeUnixNano\": \"1e999999999\"           | out of range | /startTimeUnixNano",
        "\"startTimeUnixNano\": \"soon\"                  | not a number | /startTimeUnixNano",
        "\"startTimeUnixNano\": true                      | expected a number | /startTimeUnixNano",
        "\"startTimeUnixNano\": \"١٢٣\"                   | not a number | /startTimeUnixNano",
        "\"startTimeUnixNano\": \"NaN\"                   | not a number | /startTimeUnixNano",
        "\"attributes\": [{\"value\": {\"doubleValue\": \"١.٥\"}}]             | not a number | /doubleValue",
        "\"attributes\": [{\"value\": {\"doubleValue\": \"0x1p3\"}}]           | not a number | /doubleValue",
        "\"droppedAttributesCount\": 4294967296           | out of range | /droppedAttributesCount",
        "\"kind\": 2147483648                             | out of range | /kind",
        "\"attributes\": [{\"value\": {\"intValue\": \"99999999999999999999\"}}] | out of range | /intValue",
        "\"attributes\": [{\"value\": {\"doubleValue\": \"1e999\"}}]            | out of range | /doubleValue",
        "\"attributes\": [{\"value\": {\"boolValue\": 1}}]                      | expected true or false | /boolValue",
        "\"attributes\": [{\"value\": {\"bytesValue\": \"!!\"}}]                | invalid base64 | /bytesValue",
        "\"attributes\": {}                               | expected an array | /attributes",
        "\"attributes\": [null]                           | null element | /attributes",
        "\"status\": []                                   | expected an object | /status",
    })
    void refusesMalformedFieldsNamingThem(String field, String problem, String path) {
        byte[] json = documentWithSpan(field);

        assertThatThrownBy(() -> OtlpJson.parse(json))
                .isInstanceOf(OtlpJson.MalformedJsonException.class)
                .hasMessageContaining(problem)
                .hasMessageContaining(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "[{\"resourceSpans\": []}]",
        "\"resourceSpans\"",
        "null",
        "{\"resourceSpans\": [",
        "{\"resourceSpans\": []} {}",
        "{\"resourceSpans\": []}]",
        "{'resourceSpans': []}",
        "{\"resourceSpans\": [], \"resourceSpans\": []}",
        "{\"resourceSpans\": {}}",
        "{\"resourceSpans\": [], // comment\n}",
    })
    void refusesWhatIsNotAJsonObject(String text) {
        assertThatThrownBy(() -> OtlpJson.parse(text.getBytes(UTF_8)))
                .isInstanceOf(OtlpJson.MalformedJsonException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
    }

    @Test
    void refusesTwoValuesForOneAnyValue() {
        byte[] json = spanJson("\"attributes\": [{\"key\": \"k\", \"value\": {\"stringValue\": \"a\", \"intValue\": \"1\"}}]");

        assertThatThrownBy(() -> OtlpJson.parse(json))
                .isInstanceOf(OtlpJson.MalformedJsonException.class)
                .hasMessageContaining("more than one field of oneof 'value'")
                .hasMessageContaining("/attributes/0/value/intValue");
    }

    @Test
    void refusesAbsurdNestingEvenInAnIgnoredField() {
        byte[] json = ("{\"ignored\": " + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(UTF_8);

        assertThatThrownBy(() -> OtlpJson.parse(json))
                .isInstanceOf(OtlpJson.MalformedJsonException.class)
                .hasMessageContaining("nesting depth")
                .hasMessageContaining("line 1, column");
    }

    @Test
    void reportsWhereTheDocumentBreaksOffWithoutJacksonSourceNotes() {
        assertThatThrownBy(() -> OtlpJson.parse("{\"resourceSpans\": [".getBytes(UTF_8)))
                .isInstanceOf(OtlpJson.MalformedJsonException.class)
                .hasMessageStartingWith("Unexpected end-of-input")
                .hasMessageEndingWith("at line 1, column 20")
                .hasMessageNotContaining("Source");
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] json = "{\"resourceSpans\": [{\"schemaUrl\": \"xx\"}]}".getBytes(UTF_8);
        json[json.length - 6] = (byte) 0xC3; // a lead byte followed by 'x' is not UTF-8

        assertThatThrownBy(() -> OtlpJson.parse(json)).isInstanceOf(OtlpJson.MalformedJsonException.class);
    }

    @Test
    void recognisesJsonByItsFirstNonBlankByte() {
        assertThat(OtlpJson.looksLikeJson(" \r\n\t{".getBytes(UTF_8))).isTrue();
        assertThat(OtlpJson.looksLikeJson("[{}]".getBytes(UTF_8))).isFalse();
        assertThat(OtlpJson.looksLikeJson("   ".getBytes(UTF_8))).isFalse();
        assertThat(OtlpJson.looksLikeJson(new byte[] {0x0A, 0x10})).isFalse();
    }

    /** A document with one span (trace 1, span 1) carrying the given extra members. */
    static byte[] spanJson(String members) {
        return documentWithSpan("\"traceId\": \"" + Ids.toHex(OtlpTraces.traceId(1).toByteArray()) + "\", "
                + "\"spanId\": \"" + Ids.toHex(OtlpTraces.spanId(1).toByteArray()) + "\", " + members);
    }

    /** A document with one span made of just the given members. */
    static byte[] documentWithSpan(String members) {
        return ("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{" + members + "}]}]}]}").getBytes(UTF_8);
    }

    private static KeyValue keyValue(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static ByteString hex(String hex) {
        return ByteString.copyFrom(Ids.fromHex(hex));
    }

    private static String snakeCaseKeys(String json) {
        Matcher key = Pattern.compile("\"([a-z]+[A-Za-z]*)\"(\\s*:)").matcher(json);
        StringBuilder out = new StringBuilder();
        while (key.find()) {
            String snake = key.group(1).replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
            key.appendReplacement(out, "\"" + snake + "\"" + key.group(2));
        }
        return key.appendTail(out).toString();
    }
}
