package io.tracepipe.topology.assembly;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.Ids;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Reads one trace by id from the assembler's stores, for queries from outside the stream thread
 * (interactive queries, on an active task or a standby). Every fragment of every part is found with
 * one range read over (trace id, 0) .. (trace id, max) across the fragment store's whole retention,
 * so emitted traces stay readable until their segment is dropped, in-flight ones as soon as a
 * fragment is stored; the meta says whether a part is still open.
 */
public final class StoredTraceReader {
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final ReadOnlyWindowStore<Bytes, byte[]> fragments;
    private final ReadOnlyKeyValueStore<Bytes, TraceMeta> metas;

    /** Over the stores named {@link TraceAssembler#FRAGMENT_STORE} and {@link TraceAssembler#META_STORE}. */
    public StoredTraceReader(ReadOnlyWindowStore<Bytes, byte[]> fragments, ReadOnlyKeyValueStore<Bytes, TraceMeta> metas) {
        this.fragments = fragments;
        this.metas = metas;
    }

    /** The trace with this 16-byte id, or empty when no fragment of it is stored. */
    public Optional<StoredTrace> read(byte[] traceId) {
        if (traceId.length != Ids.TRACE_ID_BYTES) {
            return Optional.empty();
        }
        Bytes id = Bytes.wrap(traceId);
        TraceMerger merger = new TraceMerger();
        int stored = 0;
        try (KeyValueIterator<Windowed<Bytes>, byte[]> all = fragments.fetch(
                TraceAssembler.fragmentKey(id, 0), TraceAssembler.fragmentKey(id, Integer.MAX_VALUE), EARLIEST, LATEST)) {
            while (all.hasNext()) {
                merger.add(all.next().value);
                stored++;
            }
        }
        if (stored == 0) {
            return Optional.empty();
        }
        TraceMeta meta = metas.get(id);
        return Optional.of(new StoredTrace(parse(merger.build()), merger.spanCount(), meta != null && meta.open()));
    }

    // Stored fragments were checked span by span at decode, so their merge always parses.
    private static TracesData parse(byte[] merged) {
        try {
            return TracesData.parseFrom(merged);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored fragments do not parse: " + e.getMessage(), e);
        }
    }
}
