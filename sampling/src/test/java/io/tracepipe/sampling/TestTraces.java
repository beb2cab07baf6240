package io.tracepipe.sampling;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import io.tracepipe.ingest.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small traces for sampling tests, as {@link CandidateTrace}s built with the shared {@link OtlpTraces}: spans of a few
 * services with start, duration, status, attributes and trace state. Settings after {@link Builder#span} apply to
 * that span.
 */
final class TestTraces {

    private static final Instant T0 = Instant.ofEpochSecond(1_790_000_000L);
    private static long nextId = 1;

    private TestTraces() {}

    static Builder trace() {
        return new Builder();
    }

    /** A trace of {@code n} one-millisecond spans of one service. */
    static CandidateTrace withSpans(int n) {
        Builder b = trace();
        for (int i = 0; i < n; i++) {
            b.span("svc", "op" + i, i, 1);
        }
        return b.build();
    }

    /** A trace of one span with the given id, for the trace-id based policies. */
    static CandidateTrace withId(byte[] traceId) {
        return trace().id(traceId).span("svc", "op", 0, 1).build();
    }

    static byte[] randomId(Random random) {
        byte[] id = new byte[Ids.TRACE_ID_BYTES];
        do {
            random.nextBytes(id);
        } while (!Ids.isValidTraceId(id));
        return id;
    }

    static final class Builder {
        private byte[] traceId = OtlpTraces.traceId(0x7e57L, nextId++).toByteArray();
        private boolean exemplar;
        private final OtlpTraces batch = OtlpTraces.traces();
        private final List<OtlpTraces.SpanBuilder> spans = new ArrayList<>();
        private OtlpTraces.SpanBuilder last;
        private String lastService;

        Builder id(byte[] id) {
            this.traceId = id.clone();
            return this;
        }

        Builder id(String hex) {
            return id(Ids.fromHex(hex));
        }

        Builder exemplarCandidate() {
            this.exemplar = true;
            return this;
        }

        /** Adds a span of {@code service}, starting {@code startMs} after a fixed instant. */
        Builder span(String service, String name, long startMs, long durationMs) {
            last = OtlpTraces.span(ByteString.EMPTY, OtlpTraces.spanId(7, spans.size() + 1))
                    .name(name)
                    .start(T0.plusMillis(startMs))
                    .duration(Duration.ofMillis(durationMs));
            lastService = service;
            spans.add(last);
            batch.resource(service).add(last);
            return this;
        }

        Builder status(Status.StatusCode code) {
            last.status(code);
            return this;
        }

        Builder error() {
            last.error();
            return this;
        }

        /** An attribute of the last span: a String, Long, Integer, Double or Boolean. */
        Builder attr(String key, Object value) {
            last.attribute(key, value);
            return this;
        }

        /** An attribute of the last span's resource (its service). */
        Builder resourceAttr(String key, Object value) {
            batch.resource(lastService).resourceAttributes(OtlpTraces.attribute(key, value));
            return this;
        }

        /** The W3C trace state of the last span, e.g. {@code "vendor=a,tier=gold"}. */
        Builder traceState(String state) {
            last.traceState(state);
            return this;
        }

        TracesData data() {
            ByteString id = ByteString.copyFrom(traceId);
            spans.forEach(span -> span.traceId(id));
            return batch.tracesData();
        }

        CandidateTrace build() {
            return new CandidateTrace(traceId, data(), exemplar);
        }
    }
}
