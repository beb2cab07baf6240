package io.tracepipe.ingest;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.wire.MalformedWireException;
import io.tracepipe.ingest.wire.MessageShape;
import io.tracepipe.ingest.wire.TracesDataWriter;
import io.tracepipe.ingest.wire.WireCursor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts serialized OTLP traces ({@code TracesData} or {@code ExportTraceServiceRequest}) into one
 * fragment per trace id by scanning the protobuf wire format: it finds each span's bytes and ids,
 * keeps the Resource and Scope headers as bytes, and copies them into the fragments, without
 * parsing into objects or serializing again. It checks everything it passes on as strictly as
 * protobuf-java's parser, so the fragments always parse:
 * <ul>
 *   <li>a record whose structure is broken, or whose Resource or Scope does not parse, is
 *       undecodable as a whole (its spans cannot be placed);
 *   <li>a span whose own bytes do not parse, inside an intact record, is set aside with its reason
 *       (in a dead letter of malformed spans) and its neighbours go on;
 *   <li>spans with invalid ids, and spans above {@link #MAX_SPAN_BYTES}, are set aside as before.
 * </ul>
 */
final class WireFragmenter {
    /**
     * The largest span (serialized) that goes on to assembly. A span above it (a stack dump or a
     * request body in an attribute) could not be emitted inside a trace record of the usual 1 MB
     * topic limit, and a few of them in one trace would hold megabytes in memory; it is parked.
     */
    static final int MAX_SPAN_BYTES = 256 * 1024;
    private static final int REASONS_SHOWN = 5;

    // Nesting depth of each message, counted as protobuf-java does from the TracesData at 0.
    private static final int RESOURCE_SPANS_DEPTH = 1;
    private static final int SCOPE_SPANS_DEPTH = 2;
    private static final int SPAN_DEPTH = 3;

    private static final int TAG_RESOURCE_SPANS = 1 << 3 | WireCursor.LEN;
    private static final int TAG_RESOURCE = 1 << 3 | WireCursor.LEN;
    private static final int TAG_SCOPE_SPANS = 2 << 3 | WireCursor.LEN;
    private static final int TAG_SCHEMA_URL = 3 << 3 | WireCursor.LEN;
    private static final int TAG_SCOPE = 1 << 3 | WireCursor.LEN;
    private static final int TAG_SPANS = 2 << 3 | WireCursor.LEN;
    private static final int TAG_TRACE_ID = 1 << 3 | WireCursor.LEN;
    private static final int TAG_SPAN_ID = 2 << 3 | WireCursor.LEN;
    // An empty message in field 1: the Resource (or Scope) a ResourceSpans (ScopeSpans) without one is given, as
    // protobuf would after reading its default instance.
    private static final byte[] EMPTY_FIELD_1 = {TAG_RESOURCE, 0};

    private static final MessageShape RESOURCE_SPANS = MessageShape.of(ResourceSpans.getDescriptor());
    private static final MessageShape SCOPE_SPANS = MessageShape.of(ScopeSpans.getDescriptor());
    private static final MessageShape SPAN = MessageShape.of(Span.getDescriptor());
    private static final MessageShape TRACES_DATA = MessageShape.of(TracesData.getDescriptor());

    private WireFragmenter() {}

    /**
     * Fragments the serialized traces in {@code buf[from, to)}; {@code original} is the record value
     * kept whole in the dead letter when the record cannot be fragmented.
     */
    static DecodedRecord fragment(byte[] buf, int from, int to, byte[] original, String format) {
        Scan scan = new Scan(buf);
        try {
            scan.traces(from, to);
        } catch (MalformedWireException e) {
            return DecodedRecord.undecodable(format + ": " + e.getMessage(), original);
        }
        if (scan.spans.isEmpty()) {
            return DecodedRecord.undecodable("record holds no spans", original);
        }
        return scan.result(original.length > MAX_SPAN_BYTES);
    }

    /** What one pass over a record found: headers as bytes, and each span's place and ids. */
    private static final class Scan {
        private final byte[] buf;
        private final List<byte[]> resourceHeaders = new ArrayList<>();
        private final List<byte[]> scopeHeaders = new ArrayList<>();
        private final List<SpanPlace> spans = new ArrayList<>();

        Scan(byte[] buf) {
            this.buf = buf;
        }

        void traces(int from, int to) {
            WireCursor in = new WireCursor(buf, from, to);
            while (in.hasMore()) {
                int tag = in.readTag();
                if (tag == TAG_RESOURCE_SPANS) {
                    int end = in.readLengthEnd();
                    resourceSpans(in.position(), end);
                    in.skipTo(end);
                } else {
                    TRACES_DATA.checkField(in, tag, 0);
                }
            }
        }

        private void resourceSpans(int from, int to) {
            int resource = resourceHeaders.size();
            HeaderBuilder header = new HeaderBuilder(buf);
            List<int[]> scopes = new ArrayList<>();
            WireCursor in = new WireCursor(buf, from, to);
            while (in.hasMore()) {
                int start = in.position();
                int tag = in.readTag();
                if (tag == TAG_SCOPE_SPANS) {
                    int end = in.readLengthEnd();
                    scopes.add(new int[] {in.position(), end});
                    in.skipTo(end);
                    continue;
                }
                RESOURCE_SPANS.checkField(in, tag, RESOURCE_SPANS_DEPTH);
                header.field(tag, start, in.position());
            }
            resourceHeaders.add(header.build());
            for (int s = 0; s < scopes.size(); s++) {
                scopeSpans(resource, s, scopes.get(s)[0], scopes.get(s)[1]);
            }
        }

        private void scopeSpans(int resource, int scopeInResource, int from, int to) {
            int scope = scopeHeaders.size();
            HeaderBuilder header = new HeaderBuilder(buf);
            int spanIndex = 0;
            WireCursor in = new WireCursor(buf, from, to);
            while (in.hasMore()) {
                int start = in.position();
                int tag = in.readTag();
                if (tag == TAG_SPANS) {
                    int end = in.readLengthEnd();
                    spans.add(span(resource, scope, scopeInResource, spanIndex++, in.position(), end));
                    in.skipTo(end);
                    continue;
                }
                SCOPE_SPANS.checkField(in, tag, SCOPE_SPANS_DEPTH);
                header.field(tag, start, in.position());
            }
            scopeHeaders.add(header.build());
        }

        /** One span: checked field by field, its ids taken on the way (the last occurrence wins, as in protobuf). */
        private SpanPlace span(int resource, int scope, int scopeInResource, int index, int from, int to) {
            int traceFrom = to;
            int traceTo = to;
            int spanFrom = to;
            int spanTo = to;
            String malformed = null;
            try {
                WireCursor in = new WireCursor(buf, from, to);
                while (in.hasMore()) {
                    int tag = in.readTag();
                    if (tag == TAG_TRACE_ID || tag == TAG_SPAN_ID) {
                        int end = in.readLengthEnd();
                        if (tag == TAG_TRACE_ID) {
                            traceFrom = in.position();
                            traceTo = end;
                        } else {
                            spanFrom = in.position();
                            spanTo = end;
                        }
                        in.skipTo(end);
                    } else {
                        SPAN.checkField(in, tag, SPAN_DEPTH);
                    }
                }
            } catch (MalformedWireException e) {
                malformed = e.getMessage();
            }
            return new SpanPlace(resource, scope, scopeInResource, index, from, to, traceFrom, traceTo, spanFrom, spanTo, malformed);
        }

        DecodedRecord result(boolean checkSizes) {
            Map<TraceKey, Group> byTrace = new LinkedHashMap<>();
            Group invalid = new Group();
            Group oversized = new Group();
            Group malformed = new Group();
            List<String> invalidReasons = new ArrayList<>();
            List<String> oversizedReasons = new ArrayList<>();
            List<String> malformedReasons = new ArrayList<>();
            for (SpanPlace span : spans) {
                if (span.malformed != null) {
                    malformed.add(span);
                    note(malformedReasons, span.where() + ": " + span.malformed);
                    continue;
                }
                String problem = SpanIds.problem(buf, span.traceFrom, span.traceTo, span.spanFrom, span.spanTo);
                int size = span.to - span.from;
                if (problem != null) {
                    invalid.add(span);
                    note(invalidReasons, span.where() + ": " + problem);
                } else if (checkSizes && size > MAX_SPAN_BYTES) {
                    oversized.add(span);
                    note(oversizedReasons, span.where() + " (" + Ids.toHex(Arrays.copyOfRange(buf, span.spanFrom, span.spanTo)) + "@"
                            + Ids.toHex(Arrays.copyOfRange(buf, span.traceFrom, span.traceTo)) + "): " + size + " bytes");
                } else {
                    byTrace.computeIfAbsent(new TraceKey(buf, span.traceFrom), k -> new Group()).add(span);
                }
            }
            List<TraceFragment> fragments = new ArrayList<>(byTrace.size());
            for (Map.Entry<TraceKey, Group> e : byTrace.entrySet()) {
                fragments.add(new TraceFragment(e.getKey().bytes(), e.getValue().spans.size(), write(e.getValue())));
            }
            List<DeadLetter> deadLetters = new ArrayList<>(1);
            deadLetter(deadLetters, invalid, " span(s) with invalid ids: ", invalidReasons);
            deadLetter(deadLetters, oversized, " span(s) larger than the " + MAX_SPAN_BYTES + "-byte span limit: ", oversizedReasons);
            deadLetter(deadLetters, malformed, " malformed span(s), their bytes do not parse: ", malformedReasons);
            return new DecodedRecord(fragments, deadLetters, malformed.spans.size());
        }

        private void deadLetter(List<DeadLetter> out, Group group, String what, List<String> reasons) {
            if (group.spans.isEmpty()) {
                return;
            }
            String reason = group.spans.size() + what + String.join("; ", reasons) + (group.spans.size() > reasons.size() ? "; ..." : "");
            out.add(new DeadLetter(DeadLetter.Kind.INVALID_SPANS, reason, write(group), group.spans.size()));
        }

        private static void note(List<String> reasons, String reason) {
            if (reasons.size() < REASONS_SHOWN) {
                reasons.add(reason);
            }
        }

        /** The spans of a group as TracesData, each under its own Resource and Scope, in input order. */
        private byte[] write(Group group) {
            TracesDataWriter out = new TracesDataWriter();
            int resource = -1;
            int scope = -1;
            for (SpanPlace span : group.spans) {
                if (span.resource != resource) {
                    resource = span.resource;
                    scope = -1;
                    byte[] h = resourceHeaders.get(resource);
                    out.resource(h, 0, h.length);
                }
                if (span.scope != scope) {
                    scope = span.scope;
                    byte[] h = scopeHeaders.get(scope);
                    out.scope(h, 0, h.length);
                }
                out.span(buf, span.from, span.to - span.from);
            }
            return out.toByteArray();
        }
    }

    /**
     * The header of a ResourceSpans (ScopeSpans): its Resource (Scope) and schema URL fields as they
     * came, other fields dropped; an empty Resource (Scope) when there was none, as a rebuilt message has.
     */
    private static final class HeaderBuilder {
        private final byte[] buf;
        private final List<int[]> ranges = new ArrayList<>(2);
        private boolean hasField1;

        HeaderBuilder(byte[] buf) {
            this.buf = buf;
        }

        void field(int tag, int from, int to) {
            if (tag == TAG_RESOURCE || tag == TAG_SCHEMA_URL) { // TAG_RESOURCE == TAG_SCOPE: field 1, length-delimited
                hasField1 |= tag == TAG_RESOURCE;
                ranges.add(new int[] {from, to});
            }
        }

        byte[] build() {
            int size = hasField1 ? 0 : EMPTY_FIELD_1.length;
            for (int[] r : ranges) {
                size += r[1] - r[0];
            }
            byte[] out = new byte[size];
            int pos = 0;
            if (!hasField1) {
                System.arraycopy(EMPTY_FIELD_1, 0, out, 0, EMPTY_FIELD_1.length);
                pos = EMPTY_FIELD_1.length;
            }
            for (int[] r : ranges) {
                System.arraycopy(buf, r[0], out, pos, r[1] - r[0]);
                pos += r[1] - r[0];
            }
            return out;
        }
    }

    /** Where a span is in the record (resource, scope and span index, as the reasons name it), and its bytes and ids. */
    private record SpanPlace(int resource, int scope, int scopeInResource, int index, int from, int to, int traceFrom, int traceTo,
            int spanFrom, int spanTo, String malformed) {
        String where() {
            return "span " + resource + "/" + scopeInResource + "/" + index;
        }
    }

    private static final class Group {
        final List<SpanPlace> spans = new ArrayList<>();

        void add(SpanPlace span) {
            spans.add(span);
        }
    }

    /** A valid 16-byte trace id as a map key. */
    private record TraceKey(long high, long low) {
        TraceKey(byte[] buf, int from) {
            this(longAt(buf, from), longAt(buf, from + 8));
        }

        byte[] bytes() {
            byte[] id = new byte[Ids.TRACE_ID_BYTES];
            for (int i = 0; i < 8; i++) {
                id[i] = (byte) (high >>> (56 - 8 * i));
                id[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
            return id;
        }

        private static long longAt(byte[] buf, int from) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[from + i] & 0xffL);
            }
            return v;
        }
    }
}
