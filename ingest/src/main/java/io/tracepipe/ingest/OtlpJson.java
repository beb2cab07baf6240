package io.tracepipe.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.IOException;

/** OTLP/JSON decoding (hex ids, enum names or numbers, lowerCamelCase keys, unknown fields ignored). */
final class OtlpJson {
    // Shared: a JsonFactory is thread-safe once built. Duplicate keys are refused rather than letting the last
    // one win, or a repeated "spans" key would silently lose (or double) spans.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private OtlpJson() {}

    /** Thrown when a value is not OTLP JSON; its message is the dead-letter reason. */
    static final class MalformedJsonException extends RuntimeException {
        MalformedJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static boolean looksLikeJson(byte[] value) {
        for (byte b : value) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{';
        }
        return false;
    }

    /**
     * Decodes an OTLP/JSON {@code ExportTraceServiceRequest} or {@code TracesData} document. The bytes are read
     * once, as a token stream, straight into protobuf builders: no intermediate tree, text or base64 rewrite.
     */
    static TracesData parse(byte[] value) {
        try (JsonParser json = JSON.createParser(value)) {
            return read(json);
        } catch (IOException e) {
            // Reading a byte array does no I/O: only closing could get here, and the record is no better for it.
            throw new MalformedJsonException(String.valueOf(e.getMessage()), e);
        }
    }

    private static TracesData read(JsonParser json) {
        TracesData.Builder data = TracesData.newBuilder();
        try {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedJsonException("not a JSON object", null);
            }
            new JsonMessageReader(json).readObject(data);
            if (json.nextToken() != null) {
                throw new MalformedJsonException("unexpected content after the top-level object at "
                        + position(json.currentLocation()), null);
            }
        } catch (IOException e) {
            JsonLocation where = e instanceof JsonProcessingException p && p.getLocation() != null
                    ? p.getLocation() : json.currentLocation();
            String problem = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new MalformedJsonException(withoutSourceNote(problem) + " at " + position(where), e);
        }
        return data.build();
    }

    private static String position(JsonLocation location) {
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    // Jackson names the (deliberately unrecorded) source inside its messages: "[Source: REDACTED (...); line: 1, ...]".
    private static String withoutSourceNote(String message) {
        return String.valueOf(message).replaceAll("\\[Source: [^;]*; ", "[");
    }
}
