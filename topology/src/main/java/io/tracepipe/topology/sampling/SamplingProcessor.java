package io.tracepipe.topology.sampling;

import io.tracepipe.sampling.SampledTrace;
import io.tracepipe.sampling.Sampler;
import io.tracepipe.sampling.SamplingResult;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.topology.HeaderValues;
import io.tracepipe.topology.PipelineSensors;
import io.tracepipe.topology.assembly.AssembledTrace;
import io.tracepipe.redaction.Redactor;
import io.tracepipe.topology.rules.RuleCheckOutput;
import io.tracepipe.topology.assembly.TraceAssembler;
import io.tracepipe.topology.assembly.TraceMeta;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * traces are redacted and forwarded with the deciding policy in a header; every decision is
 * counted per policy.
 */
public final class SamplingProcessor implements Processor<String, RuleCheckOutput, String, TracesData> {
    public static final String HEADER_POLICY = "tracepipe.sampling.policy";

    private static final byte KEEP = 1;
    private static final byte DROP = 0;

    private final Sampler sampler;
    private final Redactor redactor;
    private final Map<String, Sensor> kept = new HashMap<>();
    private final Map<String, Sensor> dropped = new HashMap<>();
    private ProcessorContext<String, TracesData> context;
    private KeyValueStore<Bytes, TraceMeta> metas;

    /** @param sampler this task's own sampler: rate-limiting policies keep per-instance budgets */
    public SamplingProcessor(Sampler sampler, Redactor redactor) {
        this.sampler = sampler;
        this.redactor = redactor;
    }

    /** The processor, for {@code KStream#process} with the assembler's {@link TraceAssembler#META_STORE} connected. */
    public static ProcessorSupplier<String, RuleCheckOutput, String, TracesData> supplier(
            java.util.function.Supplier<Sampler> samplers, Redactor redactor) {
        return () -> new SamplingProcessor(samplers.get(), redactor);
    }

    @Override
    public void init(ProcessorContext<String, TracesData> context) {
        this.context = context;
        this.metas = context.getStateStore(TraceAssembler.META_STORE);
    }

    @Override
    public void process(Record<String, RuleCheckOutput> record) {
        AssembledTrace trace = record.value().trace();
        long now = context.currentSystemTimeMs();
        Bytes traceId = Bytes.wrap(trace.traceId());
        // The assembler stored the meta of this part before forwarding it.
        TraceMeta meta = metas.get(traceId);
        Decided decided = trace.late() && meta != null && meta.samplingDecision() != null ? decode(meta.samplingDecision()) : null;
        if (decided == null) {
            SamplingResult result = sampler.decide(new SampledTrace(trace.traceId(), trace.data(), record.value().exemplarCandidate()), now);
            decided = new Decided(result.keep(), result.policy());
            if (meta != null) {
                metas.put(traceId, meta.withSamplingDecision(encode(decided)));
            }
        }
        count(decided);
        if (decided.keep) {
            record.headers().remove(HEADER_POLICY).add(HEADER_POLICY, HeaderValues.utf8(decided.policy));
            context.forward(record.withValue(redactor.redact(trace.data())));
        }
    }

    private void count(Decided decided) {
        String name = decided.keep ? PipelineSensors.SAMPLED_TRACES : PipelineSensors.DROPPED_TRACES;
        (decided.keep ? kept : dropped)
                .computeIfAbsent(decided.policy, policy -> PipelineSensors.counter(context, name, Map.of("policy", policy)))
                .record();
    }

    private record Decided(boolean keep, String policy) {}

    private static byte[] encode(Decided d) {
        byte[] name = d.policy.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + name.length];
        out[0] = d.keep ? KEEP : DROP;
        System.arraycopy(name, 0, out, 1, name.length);
        return out;
    }

    private static Decided decode(byte[] bytes) {
        return new Decided(bytes[0] == KEEP, new String(Arrays.copyOfRange(bytes, 1, bytes.length), StandardCharsets.UTF_8));
    }
}
