package io.tracepipe.ingest;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON keys of a message's fields: the lowerCamelCase JSON name and the original proto name. */
final class JsonFieldNames {
    // Computed once per message type: the few OTLP descriptors live as long as the classes that hold them.
    private static final Map<Descriptor, JsonFieldNames> BY_TYPE = new ConcurrentHashMap<>();

    private final Map<String, FieldDescriptor> byKey;

    private JsonFieldNames(Descriptor type) {
        byKey = new HashMap<>();
        for (FieldDescriptor field : type.getFields()) {
            byKey.put(field.getName(), field);
            byKey.put(field.getJsonName(), field);
        }
    }

    static JsonFieldNames of(Descriptor type) {
        return BY_TYPE.computeIfAbsent(type, JsonFieldNames::new);
    }

    /** The field a JSON key names, or null for a key this message does not know. */
    FieldDescriptor find(String key) {
        return byKey.get(key);
    }
}
