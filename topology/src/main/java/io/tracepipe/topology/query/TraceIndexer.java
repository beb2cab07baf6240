package io.tracepipe.topology.query;

import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.topology.assembly.AssembledTrace;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Adds the summary of each trace its task emits (first parts only) to the task's index, and passes every record on. */
public final class TraceIndexer implements FixedKeyProcessor<String, AssembledTrace, AssembledTrace> {
    private final TraceIndex index;
    private FixedKeyProcessorContext<String, AssembledTrace> context;
    private RecentTraces recent;

    public TraceIndexer(TraceIndex index) {
        this.index = index;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, AssembledTrace> context) {
        this.context = context;
        this.recent = index.open(context.taskId());
    }

    @Override
    public void process(FixedKeyRecord<String, AssembledTrace> record) {
        AssembledTrace trace = record.value();
        if (!trace.isBatchEnd() && !trace.late()) {
            recent.add(TraceSummary.of(trace.data()));
        }
        context.forward(record);
    }

    @Override
    public void close() {
        index.close(context.taskId(), recent);
    }
}
