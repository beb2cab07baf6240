package io.tracepipe.ingest.wire;

import java.util.Arrays;

/**
 * Writes OTLP {@code TracesData} bytes from pieces of other messages' bytes, without building
 * objects: a ResourceSpans header (its fields other than the scopes), then ScopeSpans headers (their
 * fields other than the spans), each followed by the bytes of its spans. Lengths are computed
 * first, then every piece is copied once.
 */
public final class TracesDataWriter {
    private static final byte RESOURCE = 0;
    private static final byte SCOPE = 1;
    private static final byte SPAN = 2;
    private static final int RESOURCE_SPANS_TAG = 1 << 3 | WireCursor.LEN; // TracesData.resource_spans
    private static final int SCOPE_SPANS_TAG = 2 << 3 | WireCursor.LEN; // ResourceSpans.scope_spans
    private static final int SPANS_TAG = 2 << 3 | WireCursor.LEN; // ScopeSpans.spans

    private byte[][] bufs = new byte[16][];
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private byte[] types = new byte[16];
    private int count;
    private boolean scopeOpen;

    /** Starts a ResourceSpans whose header fields are {@code buf[off, off + len)}. */
    public TracesDataWriter resource(byte[] buf, int off, int len) {
        add(RESOURCE, buf, off, len);
        scopeOpen = false;
        return this;
    }

    /** Starts a ScopeSpans in the current ResourceSpans, with header fields {@code buf[off, off + len)}. */
    public TracesDataWriter scope(byte[] buf, int off, int len) {
        if (count == 0) {
            throw new IllegalStateException("a scope needs a resource first");
        }
        add(SCOPE, buf, off, len);
        scopeOpen = true;
        return this;
    }

    /** Adds the span serialized in {@code buf[off, off + len)} to the current ScopeSpans. */
    public TracesDataWriter span(byte[] buf, int off, int len) {
        if (!scopeOpen) {
            throw new IllegalStateException("a span needs a scope first");
        }
        add(SPAN, buf, off, len);
        return this;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public byte[] toByteArray() {
        int[] sizes = new int[count];
        int total = 0;
        int resource = -1;
        int scope = -1;
        for (int i = 0; i < count; i++) {
            switch (types[i]) {
                case RESOURCE:
                    total += closeResource(sizes, resource, scope);
                    scope = -1;
                    resource = i;
                    sizes[i] = lengths[i];
                    break;
                case SCOPE:
                    closeScope(sizes, resource, scope);
                    scope = i;
                    sizes[i] = lengths[i];
                    break;
                default:
                    sizes[scope] += 1 + WireCursor.varintSize(lengths[i]) + lengths[i];
            }
        }
        total += closeResource(sizes, resource, scope);

        byte[] out = new byte[total];
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int size = types[i] == SPAN ? lengths[i] : sizes[i];
            out[pos++] = (byte) (types[i] == RESOURCE ? RESOURCE_SPANS_TAG : types[i] == SCOPE ? SCOPE_SPANS_TAG : SPANS_TAG);
            pos = writeVarint(out, pos, size);
            System.arraycopy(bufs[i], offsets[i], out, pos, lengths[i]);
            pos += lengths[i];
        }
        return out;
    }

    private static void closeScope(int[] sizes, int resource, int scope) {
        if (scope >= 0) {
            sizes[resource] += 1 + WireCursor.varintSize(sizes[scope]) + sizes[scope];
        }
    }

    private static int closeResource(int[] sizes, int resource, int scope) {
        if (resource < 0) {
            return 0;
        }
        closeScope(sizes, resource, scope);
        return 1 + WireCursor.varintSize(sizes[resource]) + sizes[resource];
    }

    private static int writeVarint(byte[] out, int pos, int value) {
        while ((value & ~0x7F) != 0) {
            out[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[pos++] = (byte) value;
        return pos;
    }

    private void add(byte type, byte[] buf, int off, int len) {
        if (count == types.length) {
            int n = count * 2;
            bufs = Arrays.copyOf(bufs, n);
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            types = Arrays.copyOf(types, n);
        }
        bufs[count] = buf;
        offsets[count] = off;
        lengths[count] = len;
        types[count] = type;
        count++;
    }
}
