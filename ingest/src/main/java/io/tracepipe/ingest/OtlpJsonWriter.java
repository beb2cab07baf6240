package io.tracepipe.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * Writes OTLP/JSON as the OTLP specification defines it (and {@link OtlpRecordDecoder} reads it):
 * lowerCamelCase keys, trace and span ids in hex, enums and 64-bit integers as numbers in strings
 * where proto3 JSON wants them, fields at their default value left out.
 */
public final class OtlpJsonWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private final JsonGenerator out;

    private OtlpJsonWriter(JsonGenerator out) {
        this.out = out;
    }

    /** Writes {@code resourceSpans} as the JSON array of the field {@code name} of the object being written. */
    public static void writeResourceSpans(JsonGenerator out, String name, List<ResourceSpans> resourceSpans) throws IOException {
        OtlpJsonWriter writer = new OtlpJsonWriter(out);
        out.writeArrayFieldStart(name);
        for (ResourceSpans rs : resourceSpans) {
            writer.resourceSpans(rs);
        }
        out.writeEndArray();
    }

    /** A generator for a JSON document written to {@code sink}. */
    public static JsonGenerator generator(java.io.OutputStream sink) {
        try {
            return JSON.createGenerator(sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void resourceSpans(ResourceSpans rs) throws IOException {
        out.writeStartObject();
        if (rs.hasResource()) {
            resource(rs.getResource());
        }
        out.writeArrayFieldStart("scopeSpans");
        for (ScopeSpans ss : rs.getScopeSpansList()) {
            scopeSpans(ss);
        }
        out.writeEndArray();
        string("schemaUrl", rs.getSchemaUrl());
        out.writeEndObject();
    }

    private void resource(Resource resource) throws IOException {
        out.writeObjectFieldStart("resource");
        attributes("attributes", resource.getAttributesList());
        uint("droppedAttributesCount", resource.getDroppedAttributesCount());
        if (resource.getEntityRefsCount() > 0) {
            out.writeArrayFieldStart("entityRefs");
            for (EntityRef ref : resource.getEntityRefsList()) {
                out.writeStartObject();
                string("schemaUrl", ref.getSchemaUrl());
                string("type", ref.getType());
                strings("idKeys", ref.getIdKeysList());
                strings("descriptionKeys", ref.getDescriptionKeysList());
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    private void strings(String field, List<String> values) throws IOException {
        if (!values.isEmpty()) {
            out.writeArrayFieldStart(field);
            for (String value : values) {
                out.writeString(value);
            }
            out.writeEndArray();
        }
    }

    private void scopeSpans(ScopeSpans ss) throws IOException {
        out.writeStartObject();
        if (ss.hasScope()) {
            scope(ss.getScope());
        }
        out.writeArrayFieldStart("spans");
        for (Span span : ss.getSpansList()) {
            span(span);
        }
        out.writeEndArray();
        string("schemaUrl", ss.getSchemaUrl());
        out.writeEndObject();
    }

    private void scope(InstrumentationScope scope) throws IOException {
        out.writeObjectFieldStart("scope");
        string("name", scope.getName());
        string("version", scope.getVersion());
        attributes("attributes", scope.getAttributesList());
        uint("droppedAttributesCount", scope.getDroppedAttributesCount());
        out.writeEndObject();
    }

    private void span(Span span) throws IOException {
        out.writeStartObject();
        id("traceId", span.getTraceId());
        id("spanId", span.getSpanId());
        string("traceState", span.getTraceState());
        id("parentSpanId", span.getParentSpanId());
        uint("flags", span.getFlags());
        string("name", span.getName());
        if (span.getKindValue() != 0) {
            out.writeNumberField("kind", span.getKindValue());
        }
        fixed64("startTimeUnixNano", span.getStartTimeUnixNano());
        fixed64("endTimeUnixNano", span.getEndTimeUnixNano());
        attributes("attributes", span.getAttributesList());
        uint("droppedAttributesCount", span.getDroppedAttributesCount());
        if (span.getEventsCount() > 0) {
            out.writeArrayFieldStart("events");
            for (Span.Event event : span.getEventsList()) {
                out.writeStartObject();
                fixed64("timeUnixNano", event.getTimeUnixNano());
                string("name", event.getName());
                attributes("attributes", event.getAttributesList());
                uint("droppedAttributesCount", event.getDroppedAttributesCount());
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        uint("droppedEventsCount", span.getDroppedEventsCount());
        if (span.getLinksCount() > 0) {
            out.writeArrayFieldStart("links");
            for (Span.Link link : span.getLinksList()) {
                out.writeStartObject();
                id("traceId", link.getTraceId());
                id("spanId", link.getSpanId());
                string("traceState", link.getTraceState());
                attributes("attributes", link.getAttributesList());
                uint("droppedAttributesCount", link.getDroppedAttributesCount());
                uint("flags", link.getFlags());
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        uint("droppedLinksCount", span.getDroppedLinksCount());
        if (span.hasStatus()) {
            status(span.getStatus());
        }
        out.writeEndObject();
    }

    private void status(Status status) throws IOException {
        out.writeObjectFieldStart("status");
        string("message", status.getMessage());
        if (status.getCodeValue() != 0) {
            out.writeNumberField("code", status.getCodeValue());
        }
        out.writeEndObject();
    }

    private void attributes(String field, List<KeyValue> attributes) throws IOException {
        if (attributes.isEmpty()) {
            return;
        }
        out.writeArrayFieldStart(field);
        for (KeyValue kv : attributes) {
            keyValue(kv);
        }
        out.writeEndArray();
    }

    private void keyValue(KeyValue kv) throws IOException {
        out.writeStartObject();
        out.writeStringField("key", kv.getKey());
        out.writeFieldName("value");
        value(kv.getValue());
        out.writeEndObject();
    }

    private void value(AnyValue v) throws IOException {
        out.writeStartObject();
        switch (v.getValueCase()) {
            case STRING_VALUE -> out.writeStringField("stringValue", v.getStringValue());
            case BOOL_VALUE -> out.writeBooleanField("boolValue", v.getBoolValue());
            case INT_VALUE -> out.writeStringField("intValue", Long.toString(v.getIntValue()));
            case DOUBLE_VALUE -> out.writeNumberField("doubleValue", v.getDoubleValue());
            case BYTES_VALUE -> out.writeStringField("bytesValue", Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                out.writeObjectFieldStart("arrayValue");
                out.writeArrayFieldStart("values");
                for (AnyValue item : v.getArrayValue().getValuesList()) {
                    value(item);
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            case KVLIST_VALUE -> {
                out.writeObjectFieldStart("kvlistValue");
                out.writeArrayFieldStart("values");
                for (KeyValue item : v.getKvlistValue().getValuesList()) {
                    keyValue(item);
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            default -> {
                // an empty AnyValue stays an empty object
            }
        }
        out.writeEndObject();
    }

    private void id(String field, ByteString id) throws IOException {
        if (!id.isEmpty()) {
            out.writeStringField(field, Ids.toHex(id.toByteArray()));
        }
    }

    private void string(String field, String value) throws IOException {
        if (!value.isEmpty()) {
            out.writeStringField(field, value);
        }
    }

    private void uint(String field, int value) throws IOException {
        if (value != 0) {
            out.writeNumberField(field, Integer.toUnsignedLong(value));
        }
    }

    private void fixed64(String field, long value) throws IOException {
        if (value != 0) {
            out.writeStringField(field, Long.toUnsignedString(value));
        }
    }
}
