package io.tracepipe.topology.assembly;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.Bytes;

/**
 * The fragments of open traces, kept in memory besides the fragment store, within a byte budget
 * that all the tasks of an instance share, so
 * that a trace that completes while its fragments are young (most do, within the inactivity gap)
 * is emitted without reading them back from RocksDB. Only a hint, like the deadline index: the
 * store is the record, and whatever is not here (after a restart, or a trace that did not fit the
 * budget) is read from it. A trace is held whole or not at all.
 */
final class YoungFragments {
    private final Budget budget;
    private final Map<Bytes, List<byte[]>> byTrace = new HashMap<>();
    private long bytes;

    YoungFragments(Budget budget) {
        this.budget = budget;
    }

    /** Bytes of fragments that the tasks of one instance may hold together (tasks may run on several stream threads). */
    static final class Budget {
        private final AtomicLong left;

        Budget(long bytes) {
            this.left = new AtomicLong(bytes);
        }

        boolean take(long bytes) {
            if (left.addAndGet(-bytes) >= 0) {
                return true;
            }
            left.addAndGet(bytes);
            return false;
        }

        void give(long bytes) {
            left.addAndGet(bytes);
        }

        long left() {
            return left.get();
        }
    }

    /** Fragment {@code number} of the open part of {@code traceId} was stored. */
    void add(Bytes traceId, int number, byte[] fragment) {
        List<byte[]> held = number == 0 ? null : byTrace.get(traceId);
        if (number == 0) {
            drop(traceId); // a new part: what was held belongs to an earlier one
        } else if (held == null || held.size() != number) {
            return; // an earlier fragment is not here: the store has the trace
        }
        if (!budget.take(fragment.length)) {
            drop(traceId);
            return;
        }
        if (held == null) {
            held = new ArrayList<>(4);
            byTrace.put(traceId, held);
        }
        held.add(fragment);
        bytes += fragment.length;
    }

    /** Removes and returns the {@code count} fragments of the open part of {@code traceId}, or null when they are not all here. */
    List<byte[]> take(Bytes traceId, int count) {
        List<byte[]> held = byTrace.remove(traceId);
        if (held == null) {
            return null;
        }
        release(held);
        return held.size() == count ? held : null;
    }

    /** Forgets everything held and gives its bytes back to the budget (a task closing, or starting again). */
    void clear() {
        byTrace.clear();
        budget.give(bytes);
        bytes = 0;
    }

    long bytes() {
        return bytes;
    }

    private void drop(Bytes traceId) {
        List<byte[]> held = byTrace.remove(traceId);
        if (held != null) {
            release(held);
        }
    }

    private void release(List<byte[]> held) {
        long freed = 0;
        for (byte[] f : held) {
            freed += f.length;
        }
        bytes -= freed;
        budget.give(freed);
    }
}
