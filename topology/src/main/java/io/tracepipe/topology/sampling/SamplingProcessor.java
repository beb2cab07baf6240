package io.tracepipe.topology.sampling;

import com.google.protobuf.InvalidProtocolBufferException;
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
 * Decides, on each whole trace, whether it is kept. The decision is remembered in the assembler's
 * metadata of the trace (the same store, same task, at no extra write): late parts of a kept trace
 * are kept; a late part of a dropped trace makes it decide again on the whole trace (the assembler
 * reads the earlier parts back), and if the trace is now kept the whole trace is written, marked
 * {@value #HEADER_REDECIDED}, so that a slow or failed span cut off by a crash or a backlog is not lost. Kept
 * traces are redacted and forwarded, serialized, with the deciding policy in a header (the
 * assembled bytes themselves unless redaction masked something); every decision is counted per
 * policy.
 */
public final class SamplingProcessor implements Processor<String, CheckedTrace, String, byte[]> {
    public static final String HEADER_POLICY = "tracepipe.sampling.policy";
    /** On a whole trace kept when a late part made sampling decide again on it (its earlier parts were dropped). */
    public static final String HEADER_REDECIDED = "tracepipe.sampling.redecided";

    private final Sampler sampler;
    private final Redactor redactor;
    private final Map<String, Sensor> kept = new HashMap<>();
    private final Map<String, Sensor> dropped = new HashMap<>();
    private final Map<SamplingDecision, Sensor> redecisions = new HashMap<>();
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
        // The assembler stored the meta of this part before forwarding it, and hands it along to save the lookup.
        TraceMeta meta = trace.meta() != null ? trace.meta() : metas.get(traceId);
        SamplingDecision decision;
        TracesData kept = trace.data();
        byte[] keptBytes = trace.tracesData();
        boolean redecided = false;
        if (trace.late() && meta != null && meta.kept()) {
            decision = meta.samplingDecision(); // a kept trace's late parts stay kept
        } else if (trace.late() && trace.wholeTrace() != null) {
            // The trace was dropped: decide again on every span of it, so that a late slow or failed span is not lost.
            TracesData whole = parse(trace.wholeTrace(), trace);
            decision = sampler.decide(new CandidateTrace(trace.traceId(), whole, record.value().exemplarCandidate()), now);
            redecisions.computeIfAbsent(decision, d -> PipelineSensors.counter(context, PipelineSensors.REDECIDED_TRACES,
                    Map.of("policy", d.policy(), "outcome", d.keep() ? "kept" : "dropped"))).record();
            if (decision.keep()) {
                kept = whole;
                keptBytes = trace.wholeTrace();
                redecided = true;
            }
            decide(traceId, meta, decision);
        } else {
            decision = sampler.decide(new CandidateTrace(trace.traceId(), trace.data(), record.value().exemplarCandidate()), now);
            decide(traceId, meta, decision);
        }
        count(decision);
        if (decision.keep()) {
            record.headers().remove(HEADER_POLICY).add(HEADER_POLICY, HeaderValues.utf8(decision.policy()));
            if (redecided) {
                record.headers().remove(HEADER_REDECIDED).add(HEADER_REDECIDED, HeaderValues.utf8("true"));
            }
            TracesData redacted = redactor.redact(kept);
            // Redaction returns the same instance when it masked nothing: then the assembled bytes go out as they are.
            context.forward(record.withValue(redacted == kept ? keptBytes : redacted.toByteArray()));
        }
    }

    private void decide(Bytes traceId, TraceMeta meta, SamplingDecision decision) {
        if (meta != null) {
            metas.put(traceId, meta.withSamplingDecision(decision));
        }
    }

    private static TracesData parse(byte[] bytes, AssembledTrace trace) {
        try {
            return TracesData.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            // Merged from fragments that ingest checked span by span: unreadable means corrupted state.
            throw new IllegalStateException("the whole trace of " + trace.traceIdHex() + " does not parse", e);
        }
    }

    private void count(SamplingDecision decision) {
        String name = decision.keep() ? PipelineSensors.SAMPLED_TRACES : PipelineSensors.DROPPED_TRACES;
        (decision.keep() ? kept : dropped)
                .computeIfAbsent(decision.policy(), policy -> PipelineSensors.counter(context, name, Map.of("policy", policy)))
                .record();
    }
}
