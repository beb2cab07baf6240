package io.tracepipe.topology.assembly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Trace ids ordered by the time they must next be looked at (completion, or forgetting an emitted
 * trace), so a punctuation reads only what is due instead of scanning every trace in flight.
 * Entries are hints that the assembler re-checks against the trace's metadata, so a stale entry
 * is harmless; that is also why the index can live in memory: the metadata store is the record,
 * and the index is rebuilt from it when a task starts. It costs no store writes, no changelog and
 * no range scans, and about 20 bytes of heap per trace in flight (ids packed per time slot).
 */
final class DeadlineIndex {
    // Deadlines are rounded up to slots of this many ms: a trace leaves at most that much later.
    static final long SLOT_MS = 16;
    private static final int ID_BYTES = 16;

    private final TreeMap<Long, IdBuffer> slots = new TreeMap<>();
    private long size;

    void add(long deadlineMs, Bytes traceId) {
        long slot = Math.floorDiv(deadlineMs + SLOT_MS - 1, SLOT_MS) * SLOT_MS;
        slots.computeIfAbsent(slot, s -> new IdBuffer()).add(traceId.get());
        size++;
    }

    /** Removes and returns the trace ids due at or before {@code nowMs}, whole slots at a time, earliest first, until at least {@code limit}. */
    List<Bytes> pollDue(long nowMs, int limit) {
        List<Bytes> due = new ArrayList<>();
        Iterator<Map.Entry<Long, IdBuffer>> it = slots.headMap(nowMs, true).entrySet().iterator();
        while (it.hasNext() && due.size() < limit) {
            IdBuffer ids = it.next().getValue();
            ids.drainTo(due);
            size -= ids.count;
            it.remove();
        }
        return due;
    }

    /** Calls {@code action} with every id in the index (an id filed more than once, more than once). */
    void forEachId(Consumer<byte[]> action) {
        for (IdBuffer ids : slots.values()) {
            ids.forEach(action);
        }
    }

    void clear() {
        slots.clear();
        size = 0;
    }

    long size() {
        return size;
    }

    /** The 16-byte ids of one slot, packed in one array. */
    private static final class IdBuffer {
        private byte[] ids = new byte[4 * ID_BYTES];
        private int count;

        void add(byte[] id) {
            if ((count + 1) * ID_BYTES > ids.length) {
                ids = Arrays.copyOf(ids, ids.length * 2);
            }
            System.arraycopy(id, 0, ids, count * ID_BYTES, ID_BYTES);
            count++;
        }

        void forEach(Consumer<byte[]> action) {
            for (int i = 0; i < count; i++) {
                action.accept(Arrays.copyOfRange(ids, i * ID_BYTES, (i + 1) * ID_BYTES));
            }
        }

        void drainTo(List<Bytes> out) {
            for (int i = 0; i < count; i++) {
                out.add(Bytes.wrap(Arrays.copyOfRange(ids, i * ID_BYTES, (i + 1) * ID_BYTES)));
            }
        }
    }
}
