package io.tracepipe.ingest.wire;

/**
 * Well-formed UTF-8 as protobuf-java requires it of proto3 strings: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequence. Checked in place, without decoding.
 */
final class Utf8Check {
    private Utf8Check() {}

    static boolean isValid(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] >= 0) {
            i++; // ASCII, the usual case
        }
        while (i < to) {
            int c = b[i++];
            if (c >= 0) {
                continue;
            }
            if (c < (byte) 0xC2) {
                return false; // a continuation byte first, or an overlong two-byte form
            }
            if (c < (byte) 0xE0) {
                if (i >= to || !continuation(b[i++])) {
                    return false;
                }
            } else if (c < (byte) 0xF0) {
                if (to - i < 2) {
                    return false;
                }
                int c1 = b[i++];
                if (!continuation(c1)
                        || (c == (byte) 0xE0 && c1 < (byte) 0xA0) // overlong
                        || (c == (byte) 0xED && c1 >= (byte) 0xA0) // surrogate
                        || !continuation(b[i++])) {
                    return false;
                }
            } else {
                if (to - i < 3) {
                    return false;
                }
                int c1 = b[i++];
                if (c > (byte) 0xF4 || !continuation(c1)
                        || (c == (byte) 0xF0 && c1 < (byte) 0x90) // overlong
                        || (c == (byte) 0xF4 && c1 >= (byte) 0x90) // above U+10FFFF
                        || !continuation(b[i++]) || !continuation(b[i++])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean continuation(int b) {
        return b < (byte) 0xC0; // 10xxxxxx, as a signed byte: -128..-65
    }
}
