package io.tracepipe.devkit.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Plays a {@link FaultSchedule} onto a {@link FaultInjector} as a clock (real or simulated)
 * advances. It only switches the faults it switched on itself, so faults set by hand stay as
 * they are unless the schedule names the same fault.
 */
public final class FaultScheduler {
    private final FaultSchedule schedule;
    private final FaultInjector injector;
    private final Instant start;
    private Set<Fault> switchedOn = Set.of();

    public FaultScheduler(FaultSchedule schedule, FaultInjector injector, Instant start) {
        this.schedule = schedule;
        this.injector = injector;
        this.start = start;
    }

    /** Switches the injector to the schedule's faults at {@code now}; returns those faults. */
    public synchronized Set<Fault> advanceTo(Instant now) {
        Set<Fault> due = schedule.activeAt(Duration.between(start, now));
        for (Fault fault : switchedOn) {
            if (!due.contains(fault)) {
                injector.deactivate(fault);
            }
        }
        for (Fault fault : due) {
            if (!switchedOn.contains(fault)) {
                injector.activate(fault);
            }
        }
        switchedOn = new LinkedHashSet<>(due);
        return due;
    }
}
