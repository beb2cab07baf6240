package io.tracepipe.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parse-based decoder of protobuf records that the wire scan replaced, kept as the oracle it is
 * held to: parses the whole record, splits it into one fragment per trace id, keeping every span
 * under its own Resource and InstrumentationScope, and sets spans with invalid ids aside, and spans
 * larger than {@link #MAX_SPAN_BYTES} (each in a dead letter of its own kind of problem).
 */
final class ReferenceFragmenter {
    /**
     * The largest span (serialized) that goes on to assembly. A span above it (a stack dump or a
     * request body in an attribute) could not be emitted inside a trace record of the usual 1 MB
     * topic limit, and a few of them in one trace would hold megabytes in memory; it is parked.
     */
    static final int MAX_SPAN_BYTES = 256 * 1024;
    private static final int REASONS_SHOWN = 5;

    private ReferenceFragmenter() {}

    /** What the decoder made of a protobuf record before the wire scan. */
    static DecodedRecord decodeProto(byte[] value) {
        if (value.length == 0) {
            return DecodedRecord.undecodable("empty record value", value);
        }
        TracesData data;
        try {
            int offset = ConfluentWireFormat.isFramed(value) ? ConfluentWireFormat.payloadOffset(value) : 0;
            data = TracesData.parser().parseFrom(value, offset, value.length - offset);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return DecodedRecord.undecodable("otlp_proto: " + e.getMessage(), value);
        } catch (IllegalArgumentException e) {
            return DecodedRecord.undecodable(e.getMessage(), value);
        }
        return fragment(data, value);
    }

    static DecodedRecord fragment(TracesData data, byte[] original) {
        Map<ByteString, Regrouper> byTrace = new LinkedHashMap<>();
        Regrouper invalid = new Regrouper();
        Regrouper oversized = new Regrouper();
        List<String> reasons = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        // Only a record larger than the limit can hold a span above it: smaller ones skip the size check.
        boolean checkSizes = original.length > MAX_SPAN_BYTES;
        for (int r = 0; r < data.getResourceSpansCount(); r++) {
            ResourceSpans rs = data.getResourceSpans(r);
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                for (int i = 0; i < ss.getSpansCount(); i++) {
                    Span span = ss.getSpans(i);
                    String problem = problemWith(span);
                    int size = checkSizes && problem == null ? span.getSerializedSize() : 0;
                    if (size > MAX_SPAN_BYTES) {
                        oversized.add(rs, ss, span);
                        if (sizes.size() < REASONS_SHOWN) {
                            sizes.add("span " + r + "/" + s + "/" + i + " (" + Ids.toHex(span.getSpanId().toByteArray()) + "@"
                                    + Ids.toHex(span.getTraceId().toByteArray()) + "): " + size + " bytes");
                        }
                    } else if (problem == null) {
                        byTrace.computeIfAbsent(span.getTraceId(), id -> new Regrouper()).add(rs, ss, span);
                    } else {
                        invalid.add(rs, ss, span);
                        if (reasons.size() < REASONS_SHOWN) {
                            reasons.add("span " + r + "/" + s + "/" + i + ": " + problem);
                        }
                    }
                }
            }
        }
        if (byTrace.isEmpty() && invalid.spanCount == 0 && oversized.spanCount == 0) {
            return DecodedRecord.undecodable("record holds no spans", original);
        }
        List<TraceFragment> fragments = new ArrayList<>(byTrace.size());
        byTrace.forEach((id, g) -> fragments.add(new TraceFragment(id.toByteArray(), g.spanCount, g.build())));
        List<DeadLetter> deadLetters = new ArrayList<>(2);
        if (invalid.spanCount > 0) {
            String reason = invalid.spanCount + " span(s) with invalid ids: " + String.join("; ", reasons)
                    + (invalid.spanCount > reasons.size() ? "; ..." : "");
            deadLetters.add(new DeadLetter(DeadLetter.Kind.INVALID_SPANS, reason, invalid.build(), invalid.spanCount));
        }
        if (oversized.spanCount > 0) {
            String reason = oversized.spanCount + " span(s) larger than the " + MAX_SPAN_BYTES + "-byte span limit: "
                    + String.join("; ", sizes) + (oversized.spanCount > sizes.size() ? "; ..." : "");
            deadLetters.add(new DeadLetter(DeadLetter.Kind.INVALID_SPANS, reason, oversized.build(), oversized.spanCount));
        }
        return new DecodedRecord(fragments, deadLetters);
    }

    /** Why a span cannot be assembled, or null when its ids are usable. */
    static String problemWith(Span span) {
        ByteString traceId = span.getTraceId();
        if (traceId.size() != Ids.TRACE_ID_BYTES) {
            return "trace id has " + traceId.size() + " bytes, expected 16";
        }
        if (isAllZero(traceId)) {
            return "trace id is all zeros";
        }
        ByteString spanId = span.getSpanId();
        if (spanId.size() != Ids.SPAN_ID_BYTES) {
            return "span id has " + spanId.size() + " bytes, expected 8";
        }
        if (isAllZero(spanId)) {
            return "span id is all zeros";
        }
        return null;
    }

    private static boolean isAllZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Rebuilds the Resource/Scope nesting for a subset of spans, in input order. */
    private static final class Regrouper {
        private final TracesData.Builder data = TracesData.newBuilder();
        private ResourceSpans lastResource;
        private ResourceSpans.Builder resourceBuilder;
        private ScopeSpans lastScope;
        private ScopeSpans.Builder scopeBuilder;
        int spanCount;

        void add(ResourceSpans rs, ScopeSpans ss, Span span) {
            if (rs != lastResource) {
                lastResource = rs;
                resourceBuilder = data.addResourceSpansBuilder().setResource(rs.getResource()).setSchemaUrl(rs.getSchemaUrl());
                lastScope = null;
            }
            if (ss != lastScope) {
                lastScope = ss;
                scopeBuilder = resourceBuilder.addScopeSpansBuilder().setScope(ss.getScope()).setSchemaUrl(ss.getSchemaUrl());
            }
            scopeBuilder.addSpans(span);
            spanCount++;
        }

        byte[] build() {
            return data.build().toByteArray();
        }
    }
}
