package io.tracepipe.ingest;

import java.util.HexFormat;

/** Trace and span identifiers: validation and lowercase hex, as OTLP defines them. */
public final class Ids {
    public static final int TRACE_ID_BYTES = 16;
    public static final int SPAN_ID_BYTES = 8;
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {}

    public static boolean isValidTraceId(byte[] id) {
        return id.length == TRACE_ID_BYTES && !allZero(id);
    }

    public static boolean isValidSpanId(byte[] id) {
        return id.length == SPAN_ID_BYTES && !allZero(id);
    }

    public static String toHex(byte[] id) {
        return HEX.formatHex(id);
    }

    /** Parses lowercase or uppercase hex; throws {@link IllegalArgumentException} on anything else. */
    public static byte[] fromHex(String hex) {
        return HEX.parseHex(hex);
    }

    private static boolean allZero(byte[] id) {
        for (byte b : id) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
