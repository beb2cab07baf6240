package io.tracepipe.devkit.generator;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The faults currently switched on. Thread-safe: a control thread (UI, schedule) may switch
 * faults while the generator thread reads a consistent snapshot at the start of each trace.
 */
public final class FaultInjector {
    private final AtomicReference<Set<Fault>> active = new AtomicReference<>(Set.of());

    public FaultInjector(Fault... initiallyActive) {
        for (Fault fault : initiallyActive) {
            activate(fault);
        }
    }

    public void activate(Fault fault) {
        update(faults -> {
            Set<Fault> next = new LinkedHashSet<>(faults);
            next.add(fault);
            return next;
        });
    }

    public void deactivate(Fault fault) {
        update(faults -> {
            Set<Fault> next = new LinkedHashSet<>(faults);
            next.remove(fault);
            return next;
        });
    }

    public void clear() {
        active.set(Set.of());
    }

    /** An immutable snapshot, in activation order. */
    public Set<Fault> active() {
        return active.get();
    }

    private void update(UnaryOperator<Set<Fault>> change) {
        // Copy-on-write keeps readers lock-free and every snapshot they see immutable.
        active.updateAndGet(faults -> Collections.unmodifiableSet(change.apply(faults)));
    }
}
