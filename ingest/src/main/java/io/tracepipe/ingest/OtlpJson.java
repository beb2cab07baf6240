package io.tracepipe.ingest;

import io.opentelemetry.proto.trace.v1.TracesData;

/** OTLP/JSON decoding (hex ids, enum names or numbers, lowerCamelCase keys, unknown fields ignored). */
final class OtlpJson {
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

    static TracesData parse(byte[] value) {
        throw new UnsupportedOperationException("TODO(helper): OTLP JSON decoding");
    }
}
