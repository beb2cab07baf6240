package io.tracepipe.redaction;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-span {@code TracesData} (built with the shared {@link OtlpTraces}) with attributes in every location that
 * redaction visits, and those attributes read back as plain maps.
 */
final class Traces {
    private final List<KeyValue> resource = new ArrayList<>();
    private final List<KeyValue> scope = new ArrayList<>();
    private final List<KeyValue> span = new ArrayList<>();
    private final List<KeyValue> event = new ArrayList<>();
    private final List<KeyValue> link = new ArrayList<>();

    static Traces trace() {
        return new Traces();
    }

    Traces resource(KeyValue... attributes) {
        resource.addAll(Arrays.asList(attributes));
        return this;
    }

    Traces scope(KeyValue... attributes) {
        scope.addAll(Arrays.asList(attributes));
        return this;
    }

    Traces span(KeyValue... attributes) {
        span.addAll(Arrays.asList(attributes));
        return this;
    }

    Traces event(KeyValue... attributes) {
        event.addAll(Arrays.asList(attributes));
        return this;
    }

    Traces link(KeyValue... attributes) {
        link.addAll(Arrays.asList(attributes));
        return this;
    }

    /** The same attributes in all five locations. */
    Traces everywhere(KeyValue... attributes) {
        return resource(attributes).scope(attributes).span(attributes).event(attributes).link(attributes);
    }

    TracesData build() {
        Span built = OtlpTraces.span(OtlpTraces.traceId(0x0102_0304_0506_0708L, 0x090a_0b0c_0d0e_0f10L),
                        OtlpTraces.spanId(0x0101_0101, 0x0101_0101))
                .name("POST /checkout")
                .attributes(span.toArray(KeyValue[]::new))
                .event("exception", event.toArray(KeyValue[]::new))
                .link(ByteString.copyFrom(new byte[16]), ByteString.copyFrom(new byte[8]), link.toArray(KeyValue[]::new))
                .build();
        return OtlpTraces.traces()
                .resource().resourceAttributes(resource.toArray(KeyValue[]::new))
                .scope("io.shop").scopeAttributes(scope.toArray(KeyValue[]::new))
                .add(built)
                .tracesData();
    }

    /** A String, long or AnyValue attribute. */
    static KeyValue kv(String key, Object value) {
        return OtlpTraces.attribute(key, value);
    }

    static AnyValue str(String value) {
        return OtlpTraces.value(value);
    }

    static AnyValue array(AnyValue... values) {
        return OtlpTraces.value(List.of(values));
    }

    static AnyValue kvlist(KeyValue... values) {
        return AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(Arrays.asList(values))).build();
    }

    static Map<String, Object> resourceAttributes(TracesData data) {
        return plain(data.getResourceSpans(0).getResource().getAttributesList());
    }

    static Map<String, Object> scopeAttributes(TracesData data) {
        return plain(data.getResourceSpans(0).getScopeSpans(0).getScope().getAttributesList());
    }

    static Map<String, Object> spanAttributes(TracesData data) {
        return plain(onlySpan(data).getAttributesList());
    }

    static Map<String, Object> eventAttributes(TracesData data) {
        return plain(onlySpan(data).getEvents(0).getAttributesList());
    }

    static Map<String, Object> linkAttributes(TracesData data) {
        return plain(onlySpan(data).getLinks(0).getAttributesList());
    }

    /** The attributes of all five locations, in the order resource, scope, span, event, link. */
    static List<Map<String, Object>> allAttributes(TracesData data) {
        return List.of(resourceAttributes(data), scopeAttributes(data), spanAttributes(data),
                eventAttributes(data), linkAttributes(data));
    }

    static Span onlySpan(TracesData data) {
        return data.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    }

    /** Attributes as Java values: strings, longs, doubles, booleans, lists (arrays) and maps (kvlists). */
    static Map<String, Object> plain(List<KeyValue> attributes) {
        Map<String, Object> out = new LinkedHashMap<>();
        attributes.forEach(kv -> out.put(kv.getKey(), plain(kv.getValue())));
        return out;
    }

    private static Object plain(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue();
            case BYTES_VALUE -> value.getBytesValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(Traces::plain).toList();
            case KVLIST_VALUE -> plain(value.getKvlistValue().getValuesList());
            default -> null;
        };
    }
}
