package io.tracepipe.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The gist of one trace: its root service and operation, size, when it started (the earliest span
 * start, Unix nanoseconds), its duration (earliest start to latest end) and how many spans failed.
 */
public record TraceSummary(String traceId, String rootService, String rootOperation, int spanCount, long startUnixNanos,
        Duration duration, int errorSpans) {
    public static final String UNKNOWN = "?";

    public static TraceSummary of(TracesData data) {
        Set<ByteString> spanIds = new HashSet<>();
        for (ResourceSpans rs : data.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    spanIds.add(s.getSpanId());
                }
            }
        }
        String traceId = "";
        Span root = null;
        Resource rootResource = null;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int spans = 0;
        int errors = 0;
        for (ResourceSpans rs : data.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    spans++;
                    traceId = Ids.toHex(s.getTraceId().toByteArray());
                    start = Math.min(start, s.getStartTimeUnixNano());
                    end = Math.max(end, s.getEndTimeUnixNano());
                    if (s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
                        errors++;
                    }
                    // The root has no parent; a trace missing its root is summarised by its earliest orphan.
                    boolean orphan = s.getParentSpanId().isEmpty() || !spanIds.contains(s.getParentSpanId());
                    if (orphan && (root == null || isBetterRoot(s, root))) {
                        root = s;
                        rootResource = rs.getResource();
                    }
                }
            }
        }
        if (root == null) {
            return new TraceSummary(traceId, UNKNOWN, UNKNOWN, 0, 0, Duration.ZERO, 0);
        }
        return new TraceSummary(traceId, serviceName(rootResource), root.getName(), spans, start, Duration.ofNanos(Math.max(0, end - start)),
                errors);
    }

    public boolean hasErrors() {
        return errorSpans > 0;
    }

    private static boolean isBetterRoot(Span candidate, Span current) {
        boolean candidateTrueRoot = candidate.getParentSpanId().isEmpty();
        boolean currentTrueRoot = current.getParentSpanId().isEmpty();
        if (candidateTrueRoot != currentTrueRoot) {
            return candidateTrueRoot;
        }
        return candidate.getStartTimeUnixNano() < current.getStartTimeUnixNano();
    }

    /** The {@code service.name} resource attribute, or "?" when absent. */
    public static String serviceName(Resource resource) {
        for (KeyValue kv : resource.getAttributesList()) {
            if (kv.getKey().equals("service.name")) {
                return kv.getValue().getStringValue();
            }
        }
        return UNKNOWN;
    }
}
