package io.tracepipe.topology.sampling;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.redaction.Redactor;
import io.tracepipe.sampling.CandidateTrace;
import io.tracepipe.sampling.Sampler;
import io.tracepipe.sampling.SamplingDecision;
import io.tracepipe.topology.HeaderValues;
import io.tracepipe.topology.PipelineSensors;
import io.tracepipe.topology.assembly.AssembledTrace;
import io.tracepipe.topology.assembly.TraceAssembler;
import io.tracepipe.topology.assembly.TraceMeta;
import io.tracepipe.topology.rules.CheckedTrace;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides, on each whole trace, whether it is kept; late parts of a trace follow the decision
 * taken for it, remembered in the assembler's metadata of the trace (the same store, same task),
 * so for exactly as long as the assembler remembers the emitted trace, at no extra write. Kept
 * traces are redacted and forwarded, serialized, with the deciding policy in a header (the
 * assembled bytes themselves unless redaction masked something); every decision is counted per
 * policy.
 */
public final class SamplingProcessor implements Processor<String, CheckedTrace, String, byte[]> {
    public static final String HEADER_POLICY = "tracepipe.sampling.policy";

    private final Sampler sampler;
    private final Redactor redactor;
    private final Map<String, Sensor> kept = new HashMap<>();
    private final Map<String, Sensor> dropped = new HashMap<>();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Bytes, TraceMeta> metas;

    /** @param sampler this task's own sampler: rate-limiting policies keep per-instance budgets */
    public SamplingProcessor(Sampler sampler, Redactor redactor) {
        this.sampler = sampler;
        this.redactor = redactor;
    }

    /** The processor, for {@code KStream#process} with the assembler's {@link TraceAssembler#META_STORE} connected. */
    public static ProcessorSupplier<String, CheckedTrace, String, byte[]> supplier(
            java.util.function.Supplier<Sampler> samplers, Redactor redactor) {
        return () -> new SamplingProcessor(samplers.get(), redactor);
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.metas = context.getStateStore(TraceAssembler.META_STORE);
    }

    @Override
    public void process(Record<String, CheckedTrace> record) {
        AssembledTrace trace = record.value().trace();
        long now = context.currentSystemTimeMs();
        Bytes traceId = Bytes.wrap(trace.traceId());
        // The assembler stored the meta of this part before forwarding it.
        TraceMeta meta = metas.get(traceId);
        SamplingDecision decision = trace.late() && meta != null ? meta.samplingDecision() : null;
        if (decision == null) {
            decision = sampler.decide(new CandidateTrace(trace.traceId(), trace.data(), record.value().exemplarCandidate()), now);
            if (meta != null) {
                metas.put(traceId, meta.withSamplingDecision(decision));
            }
        }
        count(decision);
        if (decision.keep()) {
            record.headers().remove(HEADER_POLICY).add(HEADER_POLICY, HeaderValues.utf8(decision.policy()));
            TracesData redacted = redactor.redact(trace.data());
            // Redaction returns the same instance when it masked nothing: then the assembled bytes go out as they are.
            context.forward(record.withValue(redacted == trace.data() ? trace.tracesData() : redacted.toByteArray()));
        }
    }

    private void count(SamplingDecision decision) {
        String name = decision.keep() ? PipelineSensors.SAMPLED_TRACES : PipelineSensors.DROPPED_TRACES;
        (decision.keep() ? kept : dropped)
                .computeIfAbsent(decision.policy(), policy -> PipelineSensors.counter(context, name, Map.of("policy", policy)))
                .record();
    }
}
