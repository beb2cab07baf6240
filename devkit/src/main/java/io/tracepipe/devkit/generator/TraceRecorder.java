package io.tracepipe.devkit.generator;

import static io.tracepipe.devkit.generator.OtlpValues.kv;
import static io.tracepipe.devkit.generator.OtlpValues.nanos;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanFlags;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Collects the spans of one trace as they are opened and closed, with fresh ids from the trace's random stream. */
final class TraceRecorder {
    private static final int SAMPLED = 0x01;
    private static final int HAS_IS_REMOTE = SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK_VALUE;
    private static final int IS_REMOTE = SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK_VALUE;

    private final Random random;
    private final byte[] traceId;
    private final ByteString traceIdBytes;
    private final List<Draft> drafts = new ArrayList<>();
    private final Set<ByteString> usedSpanIds = new HashSet<>();

    TraceRecorder(Random random) {
        this.random = random;
        this.traceId = new byte[OtlpValues.TRACE_ID_BYTES];
        do {
            random.nextBytes(traceId);
        } while (!OtlpValues.isValidId(traceId));
        this.traceIdBytes = ByteString.copyFrom(traceId);
    }

    byte[] traceId() {
        return traceId;
    }

    /** Opens a span; {@code parent} is null for the root. */
    Draft open(ServiceInstance instance, Draft parent, String name, Span.SpanKind kind, Instant start) {
        Span.Builder span = Span.newBuilder()
                .setTraceId(traceIdBytes)
                .setSpanId(newSpanId())
                .setName(name)
                .setKind(kind)
                .setStartTimeUnixNano(nanos(start));
        int flags = SAMPLED | HAS_IS_REMOTE;
        if (parent != null) {
            span.setParentSpanId(parent.span.getSpanId());
            if (parent.instance != instance) {
                flags |= IS_REMOTE; // the parent context arrived over the wire
            }
        }
        span.setFlags(flags);
        Draft draft = new Draft(instance, span);
        drafts.add(draft);
        return draft;
    }

    /**
     * A span that is never exported, to stand for a lost context: a child opened under it names a
     * parent that never arrives. Its id comes from {@code ids}, so the trace's own stream is left alone.
     */
    Draft phantom(ServiceInstance instance, Random ids) {
        byte[] id = new byte[OtlpValues.SPAN_ID_BYTES];
        do {
            ids.nextBytes(id);
        } while (!OtlpValues.isValidId(id) || usedSpanIds.contains(ByteString.copyFrom(id)));
        return new Draft(instance, Span.newBuilder().setTraceId(traceIdBytes).setSpanId(ByteString.copyFrom(id)));
    }

    List<ServiceSpan> spans() {
        List<ServiceSpan> spans = new ArrayList<>(drafts.size());
        for (Draft draft : drafts) {
            if (draft.span.getEndTimeUnixNano() == 0) {
                throw new IllegalStateException("span never ended: " + draft.span.getName());
            }
            spans.add(new ServiceSpan(draft.instance, draft.span.build()));
        }
        return spans;
    }

    private ByteString newSpanId() {
        byte[] id = new byte[OtlpValues.SPAN_ID_BYTES];
        while (true) {
            random.nextBytes(id);
            // Redraw all-zero ids (invalid) and the astronomically rare repeat within the trace.
            if (OtlpValues.isValidId(id) && usedSpanIds.add(ByteString.copyFrom(id))) {
                return ByteString.copyFrom(id);
            }
        }
    }

    /** A span being recorded. */
    static final class Draft {
        private final ServiceInstance instance;
        private final Span.Builder span;

        private Draft(ServiceInstance instance, Span.Builder span) {
            this.instance = instance;
            this.span = span;
        }

        ServiceInstance instance() {
            return instance;
        }

        Draft attr(String key, String value) {
            span.addAttributes(kv(key, value));
            return this;
        }

        Draft attr(String key, long value) {
            span.addAttributes(kv(key, value));
            return this;
        }

        Draft error(String message) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(message));
            return this;
        }

        /** Records an exception event, as instrumentation does for an exception that escapes a handler. */
        Draft exception(Instant at, String type, String message) {
            span.addEvents(Span.Event.newBuilder()
                    .setTimeUnixNano(nanos(at))
                    .setName("exception")
                    .addAttributes(kv("exception.type", type))
                    .addAttributes(kv("exception.message", message)));
            return this;
        }

        void end(Instant end) {
            span.setEndTimeUnixNano(nanos(end));
        }
    }
}
