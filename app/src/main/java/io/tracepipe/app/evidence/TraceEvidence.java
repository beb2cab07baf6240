package io.tracepipe.app.evidence;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import io.tracepipe.anomaly.trace.CriticalPath;
import io.tracepipe.anomaly.trace.ErrorOrigin;
import io.tracepipe.anomaly.trace.PathSegment;
import io.tracepipe.ingest.OtlpJsonWriter;
import io.tracepipe.topology.assembly.StoredTrace;
import io.tracepipe.topology.rules.SpanViews;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * One trace as the incident page draws it: every span with its place in time (nanoseconds from
 * the trace's start), its critical-path self time, the critical path's segments and the error
 * origin, computed with the same analysis that names alert culprits.
 */
final class TraceEvidence {
    private TraceEvidence() {}

    static byte[] json(String traceIdHex, StoredTrace trace) throws IOException {
        TraceView view = SpanViews.of(traceIdHex, trace.data());
        CriticalPath path = CriticalPath.of(view);
        Optional<SpanView> origin = ErrorOrigin.of(view);
        long start = view.spans().stream().mapToLong(SpanView::startNanos).min().orElse(0);
        long end = view.spans().stream().mapToLong(s -> Math.max(s.startNanos(), s.endNanos())).max().orElse(start);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = OtlpJsonWriter.generator(body)) {
            json.writeStartObject();
            json.writeStringField("traceId", traceIdHex);
            json.writeBooleanField("partial", trace.partial());
            json.writeNumberField("startUnixNanos", start);
            json.writeNumberField("durationNanos", end - start);
            json.writeNumberField("criticalPathNanos", path.totalNanos());
            if (origin.isPresent()) {
                json.writeStringField("errorOrigin", origin.get().spanId());
            } else {
                json.writeNullField("errorOrigin");
            }
            json.writeArrayFieldStart("spans");
            for (SpanView span : view.spans()) {
                json.writeStartObject();
                json.writeStringField("spanId", span.spanId());
                json.writeStringField("parentSpanId", span.parentSpanId());
                json.writeStringField("service", span.service());
                json.writeStringField("name", span.operation());
                json.writeStringField("kind", span.kind().name());
                json.writeBooleanField("error", span.isError());
                json.writeNumberField("start", span.startNanos() - start);
                json.writeNumberField("duration", span.durationNanos());
                json.writeNumberField("criticalNanos", path.selfTimeNanos(span.spanId()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("criticalPath");
            for (PathSegment segment : path.segments()) {
                json.writeStartObject();
                json.writeStringField("spanId", segment.span().spanId());
                json.writeNumberField("start", segment.startNanos() - start);
                json.writeNumberField("end", segment.endNanos() - start);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return body.toByteArray();
    }
}
