package io.tracepipe.ingest;

import java.util.Locale;

/** The encodings an input record may use ({@code ingest.encoding}). */
public enum Encoding {
    /** OTLP protobuf, plain or in Confluent's wire framing. */
    OTLP_PROTO,
    /** OTLP JSON as the OTLP/JSON specification writes it. */
    OTLP_JSON,
    /** Recognise each record by its first byte. */
    AUTO;

    /** Parses the configuration spelling ({@code otlp_proto}, {@code otlp_json}, {@code auto}). */
    public static Encoding fromConfig(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Encoding e : values()) {
            if (e.configName().equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown encoding '" + value + "', expected otlp_proto, otlp_json or auto");
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
