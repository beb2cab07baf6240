package io.tracepipe.topology.health;

import io.tracepipe.anomaly.health.HealthLedger;
import io.tracepipe.anomaly.health.HealthTrace;
import io.tracepipe.anomaly.health.TraceHealthCheck;
import io.tracepipe.topology.assembly.AssembledTrace;
import io.tracepipe.topology.assembly.AssemblerOutput;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Checks every assembled trace its task emits for broken instrumentation and adds what it found
 * to the task's {@link HealthLedger}; passes every record on unchanged. Late parts and truncated
 * traces are not checked: their parents may be in a part emitted earlier, or cut off.
 */
public final class HealthCheckProcessor implements FixedKeyProcessor<String, AssemblerOutput, AssemblerOutput> {
    private final InstrumentationHealth health;
    private final TraceHealthCheck check;
    private FixedKeyProcessorContext<String, AssemblerOutput> context;
    private HealthLedger ledger;

    public HealthCheckProcessor(InstrumentationHealth health) {
        this.health = health;
        this.check = new TraceHealthCheck(health.settings().skewTolerance());
    }

    @Override
    public void init(FixedKeyProcessorContext<String, AssemblerOutput> context) {
        this.context = context;
        this.ledger = health.open(context.taskId());
    }

    @Override
    public void process(FixedKeyRecord<String, AssemblerOutput> record) {
        if (record.value() instanceof AssembledTrace trace && !trace.late() && !trace.truncated()) {
            HealthTrace spans = HealthSpans.of(trace.traceIdHex(), trace.data());
            ledger.record(spans, check.check(spans), HealthSpans.attributes(trace.data()), trace.completedAtMs());
        }
        context.forward(record);
    }

    @Override
    public void close() {
        health.close(context.taskId(), ledger);
    }
}
