package io.tracepipe.topology.health;

import io.tracepipe.anomaly.health.HealthLedger;
import io.tracepipe.anomaly.health.HealthReport;
import io.tracepipe.anomaly.health.HealthSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The instrumentation-health ledgers of every task this instance runs, one per task, and the counts
 * of tasks that closed here (counters only grow; a closed task's attribute cardinality goes with it).
 * In memory: a task that moves starts its ledger anew on its new instance, so a report covers the
 * traces this instance assembled since it started.
 */
public final class InstrumentationHealth {
    private final HealthSettings settings;
    private final Map<TaskId, HealthLedger> byTask = new ConcurrentHashMap<>();
    private final HealthLedger retired;

    public InstrumentationHealth(HealthSettings settings) {
        this.settings = settings;
        this.retired = settings.newLedger();
    }

    public HealthSettings settings() {
        return settings;
    }

    HealthLedger open(TaskId task) {
        HealthLedger fresh = settings.newLedger();
        HealthLedger before = byTask.put(task, fresh);
        if (before != null) {
            before.mergeInto(retired, false);
        }
        return fresh;
    }

    void close(TaskId task, HealthLedger ledger) {
        if (byTask.remove(task, ledger)) {
            ledger.mergeInto(retired, false);
        }
    }

    /** Everything this instance found so far, attribute keys at or above the configured threshold. */
    public HealthReport report() {
        return report(settings.cardinalityThreshold());
    }

    /** Everything this instance found so far, attribute keys with at least {@code cardinalityAtLeast} distinct values. */
    public HealthReport report(long cardinalityAtLeast) {
        HealthLedger all = settings.newLedger();
        retired.mergeInto(all, false);
        for (HealthLedger ledger : byTask.values()) {
            ledger.mergeInto(all, true);
        }
        return all.report(cardinalityAtLeast);
    }
}
