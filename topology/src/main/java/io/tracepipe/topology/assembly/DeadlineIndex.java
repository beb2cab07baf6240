package io.tracepipe.topology.assembly;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Trace ids ordered by the time they must next be looked at (completion, or forgetting an emitted
 * trace), so a punctuation reads only what is due instead of scanning every trace in flight.
 * Keys are the deadline (8 bytes, big-endian) followed by the trace id; entries are hints that the
 * assembler re-checks against the trace's metadata, so a stale entry is harmless.
 */
final class DeadlineIndex {
    private static final byte[] PRESENT = new byte[0];
    private static final int TRACE_ID_BYTES = 16;
    private final KeyValueStore<Bytes, byte[]> store;

    DeadlineIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    void add(long deadlineMs, Bytes traceId) {
        store.put(key(deadlineMs, traceId.get()), PRESENT);
    }

    void remove(Entry entry) {
        store.delete(key(entry.deadlineMs(), entry.traceId().get()));
    }

    /** Up to {@code limit} entries due at or before {@code nowMs}, earliest first. */
    List<Entry> due(long nowMs, int limit) {
        List<Entry> due = new ArrayList<>();
        byte[] to = new byte[8 + TRACE_ID_BYTES];
        ByteBuffer.wrap(to).putLong(nowMs);
        Arrays.fill(to, 8, to.length, (byte) 0xff);
        try (KeyValueIterator<Bytes, byte[]> it = store.range(key(0, new byte[TRACE_ID_BYTES]), Bytes.wrap(to))) {
            while (it.hasNext() && due.size() < limit) {
                KeyValue<Bytes, byte[]> kv = it.next();
                ByteBuffer b = ByteBuffer.wrap(kv.key.get());
                long deadline = b.getLong();
                byte[] id = new byte[TRACE_ID_BYTES];
                b.get(id);
                due.add(new Entry(deadline, Bytes.wrap(id)));
            }
        }
        return due;
    }

    private static Bytes key(long deadlineMs, byte[] traceId) {
        return Bytes.wrap(ByteBuffer.allocate(8 + TRACE_ID_BYTES).putLong(deadlineMs).put(traceId).array());
    }

    record Entry(long deadlineMs, Bytes traceId) {}
}
