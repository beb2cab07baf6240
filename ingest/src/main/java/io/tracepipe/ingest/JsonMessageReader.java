package io.tracepipe.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;

/**
 * Reads JSON objects into protobuf message builders, field by field from the message descriptors, following
 * the proto3 JSON mapping as OTLP/JSON amends it.
 */
final class JsonMessageReader {
    /**
     * The protobuf parser's default recursion limit. A deeper message would decode here but its fragment could
     * not be parsed again downstream, so it is refused at the door like its protobuf twin.
     */
    static final int MAX_MESSAGE_DEPTH = 100;

    private final JsonParser json;
    private final JsonValues values;

    JsonMessageReader(JsonParser json) {
        this.json = json;
        this.values = new JsonValues(json);
    }

    /** Reads the object whose START_OBJECT is the current token into {@code builder}. */
    void readObject(Message.Builder builder) throws IOException {
        readObject(builder, 0);
    }

    private void readObject(Message.Builder builder, int depth) throws IOException {
        if (depth > MAX_MESSAGE_DEPTH) {
            throw values.malformed("messages nested more than " + MAX_MESSAGE_DEPTH + " deep");
        }
        JsonFieldNames fields = JsonFieldNames.of(builder.getDescriptorForType());
        for (String name = json.nextFieldName(); name != null; name = json.nextFieldName()) {
            JsonToken token = json.nextToken();
            FieldDescriptor field = fields.find(name);
            if (field == null || field.isMapField()) {
                // OTLP: receivers MUST ignore unknown fields. No OTLP trace message has a map field.
                json.skipChildren();
            } else if (token == JsonToken.VALUE_NULL) {
                continue; // proto3 JSON: null means the field's default
            } else if (field.getRealContainingOneof() != null && builder.hasOneof(field.getRealContainingOneof())) {
                // Setting a second member would silently drop the first (an AnyValue both string and int).
                throw values.malformed("more than one field of oneof '" + field.getRealContainingOneof().getName() + "'");
            } else if (field.isRepeated()) {
                readArray(builder, field, depth);
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                expect(JsonToken.START_OBJECT, "an object");
                readObject(builder.getFieldBuilder(field), depth + 1);
            } else {
                Object value = values.read(field);
                if (value != null) {
                    builder.setField(field, value);
                }
            }
        }
    }

    private void readArray(Message.Builder builder, FieldDescriptor field, int depth) throws IOException {
        expect(JsonToken.START_ARRAY, "an array");
        boolean messages = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
        for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
            if (token == null || token == JsonToken.VALUE_NULL) {
                throw values.malformed(token == null ? "unterminated array" : "null element in an array");
            }
            if (messages) {
                expect(JsonToken.START_OBJECT, "an object");
                Message.Builder element = builder.newBuilderForField(field);
                readObject(element, depth + 1);
                builder.addRepeatedField(field, element.build());
            } else {
                Object value = values.read(field);
                if (value != null) {
                    builder.addRepeatedField(field, value);
                }
            }
        }
    }

    private void expect(JsonToken token, String what) {
        if (json.currentToken() != token) {
            throw values.malformed("expected " + what);
        }
    }
}
