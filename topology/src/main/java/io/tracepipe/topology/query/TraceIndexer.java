package io.tracepipe.topology.query;

import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.topology.assembly.AssembledTrace;
import io.tracepipe.topology.assembly.AssemblerOutput;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Adds the summary of each trace its task emits (first parts only) to the task's index, and passes every record on. */
public final class TraceIndexer implements FixedKeyProcessor<String, AssemblerOutput, AssemblerOutput> {
    private final TraceIndex index;
    private FixedKeyProcessorContext<String, AssemblerOutput> context;
    private RecentTraces recent;

    public TraceIndexer(TraceIndex index) {
        this.index = index;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, AssemblerOutput> context) {
        this.context = context;
        this.recent = index.open(context.taskId());
    }

    @Override
    public void process(FixedKeyRecord<String, AssemblerOutput> record) {
        if (record.value() instanceof AssembledTrace trace && !trace.late()) {
            recent.add(TraceSummary.of(trace.data()));
        }
        context.forward(record);
    }

    @Override
    public void close() {
        index.close(context.taskId(), recent);
    }
}
