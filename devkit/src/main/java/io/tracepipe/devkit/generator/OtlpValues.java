package io.tracepipe.devkit.generator;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.time.Instant;
import java.util.HexFormat;

/** Small builders for OTLP attribute values, ids and timestamps. */
final class OtlpValues {
    /** Semantic-conventions schema the generated attributes follow. */
    static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.28.0";
    static final int TRACE_ID_BYTES = 16;
    static final int SPAN_ID_BYTES = 8;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final HexFormat HEX = HexFormat.of();

    private OtlpValues() {}

    static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue kv(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    /** OTLP calls an id of all zeros invalid. */
    static boolean isValidId(byte[] id) {
        for (byte b : id) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    /** Lowercase hex, as OTLP writes ids. */
    static String hex(byte[] id) {
        return HEX.formatHex(id);
    }

    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
    }
}
