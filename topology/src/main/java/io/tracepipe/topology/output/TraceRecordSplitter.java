package io.tracepipe.topology.output;

import static io.tracepipe.topology.HeaderValues.utf8;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.topology.assembly.TraceAssembler;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps every sampled-trace record under {@link #MAX_RECORD_BYTES}, the size that a topic with
 * Kafka's default limits and a Collector's {@code kafka} receiver take: a larger trace (or trace
 * part) is written as several records with the same key, each a valid {@code TracesData} with its
 * spans under their own Resource and Scope. Each such record says how many spans it holds
 * ({@code tracepipe.trace.spans}) and which of the records it is ({@code tracepipe.trace.record},
 * e.g. {@code 2/3}); a trace that fits is forwarded untouched (its bytes as they are), without that header.
 */
public final class TraceRecordSplitter implements Processor<String, byte[], String, byte[]> {
    /** Below the broker's default {@code message.max.bytes} (1,048,588) with room for headers and batch overhead. */
    public static final int MAX_RECORD_BYTES = 1_000_000;
    public static final String HEADER_RECORD = "tracepipe.trace.record";

    // A nested message costs its tag and its length prefix beside its bytes: at most 1 + 5 (a varint of 32 bits).
    private static final int FRAMING = 6;

    private final int maxBytes;
    private ProcessorContext<String, byte[]> context;

    public TraceRecordSplitter() {
        this(MAX_RECORD_BYTES);
    }

    TraceRecordSplitter(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value().length <= maxBytes) {
            context.forward(record);
            return;
        }
        TracesData whole;
        try {
            whole = TracesData.parseFrom(record.value());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("sampled trace " + record.key() + " does not parse", e);
        }
        List<TracesData> parts = split(whole, maxBytes);
        for (int i = 0; i < parts.size(); i++) {
            TracesData part = parts.get(i);
            Headers headers = new RecordHeaders(record.headers().toArray());
            headers.remove(TraceAssembler.HEADER_SPANS).add(TraceAssembler.HEADER_SPANS, utf8(Integer.toString(spanCount(part))));
            headers.remove(HEADER_RECORD).add(HEADER_RECORD, utf8((i + 1) + "/" + parts.size()));
            context.forward(record.withValue(part.toByteArray()).withHeaders(headers));
        }
    }

    /**
     * Splits {@code data} into parts of at most {@code maxBytes} serialized, in span order, each
     * span under a copy of its Resource and Scope. A single span larger than that (ingest parks
     * those above 256 KiB) gets a part of its own.
     */
    static List<TracesData> split(TracesData data, int maxBytes) {
        List<TracesData> parts = new ArrayList<>();
        TracesData.Builder part = TracesData.newBuilder();
        long bytes = 0;
        for (ResourceSpans rs : data.getResourceSpansList()) {
            ResourceSpans shell = rs.toBuilder().clearScopeSpans().build();
            long resourceBytes = shell.getSerializedSize() + FRAMING;
            ResourceSpans.Builder resource = null;
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ScopeSpans scopeShell = ss.toBuilder().clearSpans().build();
                long scopeBytes = scopeShell.getSerializedSize() + FRAMING;
                ScopeSpans.Builder scope = null;
                for (Span span : ss.getSpansList()) {
                    long spanBytes = span.getSerializedSize() + FRAMING;
                    long needed = spanBytes + (scope == null ? scopeBytes : 0) + (resource == null ? resourceBytes : 0);
                    if (bytes + needed > maxBytes && bytes > 0) {
                        parts.add(part.build());
                        part = TracesData.newBuilder();
                        bytes = 0;
                        resource = null;
                        scope = null;
                        needed = spanBytes + scopeBytes + resourceBytes;
                    }
                    if (resource == null) {
                        resource = part.addResourceSpansBuilder().mergeFrom(shell);
                    }
                    if (scope == null) {
                        scope = resource.addScopeSpansBuilder().mergeFrom(scopeShell);
                    }
                    scope.addSpans(span);
                    bytes += needed;
                }
            }
        }
        if (bytes > 0) {
            parts.add(part.build());
        }
        return parts;
    }

    static int spanCount(TracesData data) {
        int n = 0;
        for (ResourceSpans rs : data.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                n += ss.getSpansCount();
            }
        }
        return n;
    }
}
