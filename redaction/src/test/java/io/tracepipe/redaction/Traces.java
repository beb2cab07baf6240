package io.tracepipe.redaction;

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
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a one-span {@code TracesData} with attributes in every location, and reads them back as plain maps. */
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
        Span built = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
                .setSpanId(ByteString.copyFrom(new byte[] {1, 1, 1, 1, 1, 1, 1, 1}))
                .setName("POST /checkout")
                .addAllAttributes(span)
                .addEvents(Span.Event.newBuilder().setName("exception").addAllAttributes(event))
                .addLinks(Span.Link.newBuilder()
                        .setTraceId(ByteString.copyFrom(new byte[16]))
                        .setSpanId(ByteString.copyFrom(new byte[8]))
                        .addAllAttributes(link))
                .build();
        return TracesData.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(resource))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("io.shop").addAllAttributes(scope))
                        .addSpans(built))).build();
    }

    static KeyValue kv(String key, String value) {
        return kv(key, str(value));
    }

    static KeyValue kv(String key, long value) {
        return kv(key, AnyValue.newBuilder().setIntValue(value).build());
    }

    static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    static AnyValue str(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }

    static AnyValue array(AnyValue... values) {
        return AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(Arrays.asList(values))).build();
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
