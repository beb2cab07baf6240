package io.tracepipe.topology.assembly;

import io.tracepipe.ingest.wire.MalformedWireException;
import io.tracepipe.ingest.wire.TracesDataWriter;
import io.tracepipe.ingest.wire.WireCursor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the stored fragments of one trace into a single serialized TracesData, as bytes: spans
 * that share a Resource and Scope (the same header bytes) end up under one ResourceSpans/ScopeSpans,
 * and a span id seen twice is kept once (collectors retry, so the same span can arrive in two
 * records). Nothing is parsed into objects and no span is serialized again: the fragments' bytes
 * are scanned and copied.
 */
final class TraceMerger {
    private static final int CHILD_TAG = 2 << 3 | WireCursor.LEN; // ResourceSpans.scope_spans, ScopeSpans.spans
    private static final int SPAN_ID_TAG = 2 << 3 | WireCursor.LEN; // Span.span_id

    private final Map<Slice, Map<Slice, List<Slice>>> groups = new LinkedHashMap<>();
    private final Set<Long> spanIds = new HashSet<>();
    private int spanCount;
    private int duplicates;

    void add(byte[] fragment) {
        try {
            WireCursor in = new WireCursor(fragment, 0, fragment.length);
            while (in.hasMore()) {
                if (in.readTag() != (1 << 3 | WireCursor.LEN)) {
                    throw new IllegalStateException("a fragment holds only resource_spans");
                }
                int end = in.readLengthEnd();
                resourceSpans(fragment, in.position(), end);
                in.skipTo(end);
            }
        } catch (MalformedWireException | IllegalStateException e) {
            // Fragments were checked and written by our own decoder: unreadable state is corruption, not bad input.
            throw new IllegalStateException("stored trace fragment is unreadable: " + e.getMessage(), e);
        }
    }

    private void resourceSpans(byte[] buf, int from, int to) {
        List<int[]> scopes = new ArrayList<>();
        Slice header = header(buf, from, to, scopes);
        Map<Slice, List<Slice>> byScope = groups.computeIfAbsent(header, k -> new LinkedHashMap<>());
        for (int[] scope : scopes) {
            List<int[]> spans = new ArrayList<>();
            Slice scopeHeader = header(buf, scope[0], scope[1], spans);
            List<Slice> target = null;
            for (int[] span : spans) {
                if (!spanIds.add(spanId(buf, span[0], span[1]))) {
                    duplicates++;
                    continue;
                }
                if (target == null) {
                    target = byScope.computeIfAbsent(scopeHeader, k -> new ArrayList<>());
                }
                target.add(new Slice(buf, span[0], span[1] - span[0]));
                spanCount++;
            }
        }
    }

    /** The fields of a message other than its children (field 2), as one slice; the children's ranges go to {@code children}. */
    private static Slice header(byte[] buf, int from, int to, List<int[]> children) {
        WireCursor in = new WireCursor(buf, from, to);
        int headerFrom = from;
        int headerTo = from;
        byte[] copied = null;
        while (in.hasMore()) {
            int start = in.position();
            int tag = in.readTag();
            if (tag == CHILD_TAG) {
                int end = in.readLengthEnd();
                children.add(new int[] {in.position(), end});
                in.skipTo(end);
                continue;
            }
            skipField(in, tag);
            if (start == headerTo && copied == null) {
                headerTo = in.position(); // contiguous with what came before, as ingest writes headers
            } else {
                byte[] before = copied != null ? copied : Arrays.copyOfRange(buf, headerFrom, headerTo);
                copied = Arrays.copyOf(before, before.length + in.position() - start);
                System.arraycopy(buf, start, copied, before.length, in.position() - start);
            }
        }
        return copied != null ? new Slice(copied, 0, copied.length) : new Slice(buf, headerFrom, headerTo - headerFrom);
    }

    private static void skipField(WireCursor in, int tag) {
        switch (tag & 7) {
            case WireCursor.VARINT -> in.readVarint64();
            case WireCursor.FIXED64 -> in.skipFixed64();
            case WireCursor.LEN -> in.skipTo(in.readLengthEnd());
            case WireCursor.FIXED32 -> in.skipFixed32();
            default -> throw new IllegalStateException("wire type " + (tag & 7) + " in a header that ingest wrote");
        }
    }

    /** The span id (8 bytes, checked at ingest) of the span in {@code buf[from, to)}; the last occurrence counts, as in protobuf. */
    private static long spanId(byte[] buf, int from, int to) {
        WireCursor in = new WireCursor(buf, from, to);
        long id = 0;
        while (in.hasMore()) {
            int tag = in.readTag();
            if (tag == SPAN_ID_TAG) {
                int end = in.readLengthEnd();
                id = 0;
                for (int i = in.position(); i < end; i++) {
                    id = (id << 8) | (buf[i] & 0xFF);
                }
                in.skipTo(end);
            } else {
                skipField(in, tag);
            }
        }
        return id;
    }

    int spanCount() {
        return spanCount;
    }

    int duplicates() {
        return duplicates;
    }

    /** The merged trace as serialized TracesData. */
    byte[] build() {
        TracesDataWriter out = new TracesDataWriter();
        groups.forEach((resource, scopes) -> {
            if (scopes.isEmpty()) {
                return;
            }
            out.resource(resource.buf, resource.off, resource.len);
            scopes.forEach((scope, spans) -> {
                out.scope(scope.buf, scope.off, scope.len);
                for (Slice span : spans) {
                    out.span(span.buf, span.off, span.len);
                }
            });
        });
        return out.toByteArray();
    }

    /** A range of bytes, equal to another with the same content. */
    private static final class Slice {
        final byte[] buf;
        final int off;
        final int len;
        private int hash; // computed when first needed: only headers are hashed, spans are not

        Slice(byte[] buf, int off, int len) {
            this.buf = buf;
            this.off = off;
            this.len = len;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slice s && s.hashCode() == hashCode() && Arrays.equals(buf, off, off + len, s.buf, s.off, s.off + s.len);
        }

        @Override
        public int hashCode() {
            if (hash == 0) {
                int h = 1;
                for (int i = off; i < off + len; i++) {
                    h = 31 * h + buf[i];
                }
                hash = h == 0 ? 1 : h;
            }
            return hash;
        }
    }
}
