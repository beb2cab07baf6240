package io.tracepipe.topology.sampling;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.topology.HeaderValues;
import io.tracepipe.topology.PipelineSensors;
import io.tracepipe.topology.assembly.AssembledTrace;
import io.tracepipe.topology.redaction.Redactor;
import io.tracepipe.topology.rules.RuleCheckOutput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Decides, on each whole trace, whether it is kept; late parts of a trace follow the decision
 * taken for it, remembered in a windowed store for as long as the assembler remembers emitted
 * traces. Kept traces are redacted and forwarded with the deciding policy in a header; every
 * decision is counted per policy.
 */
public final class SamplingProcessor implements Processor<String, RuleCheckOutput, String, TracesData> {
    public static final String DECISION_STORE = "tracepipe-sampling-decisions";
    public static final String HEADER_POLICY = "tracepipe.sampling.policy";

    private static final byte KEEP = 1;
    private static final byte DROP = 0;

    private final Sampler sampler;
    private final Redactor redactor;
    private final Duration memory;
    private final Map<String, Sensor> kept = new HashMap<>();
    private final Map<String, Sensor> dropped = new HashMap<>();
    private ProcessorContext<String, TracesData> context;
    private WindowStore<Bytes, byte[]> decisions;

    /**
     * @param sampler this task's own sampler: rate-limiting policies keep per-instance budgets
     * @param memory how long a decision is remembered for late parts (the assembler's late-span memory)
     */
    public SamplingProcessor(Sampler sampler, Redactor redactor, Duration memory) {
        this.sampler = sampler;
        this.redactor = redactor;
        this.memory = memory;
    }

    /** The processor with its store, for {@code KStream#process}. */
    public static ProcessorSupplier<String, RuleCheckOutput, String, TracesData> supplier(
            java.util.function.Supplier<Sampler> samplers, Redactor redactor, Duration memory) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, RuleCheckOutput, String, TracesData> get() {
                return new SamplingProcessor(samplers.get(), redactor, memory);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // Decisions expire with the store's segments: no per-trace delete is ever written.
                Duration retention = memory.plus(Duration.ofMinutes(1));
                return Set.of(Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(DECISION_STORE, retention, Duration.ofMillis(1), false),
                        Serdes.Bytes(), Serdes.ByteArray()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, TracesData> context) {
        this.context = context;
        this.decisions = context.getStateStore(DECISION_STORE);
    }

    @Override
    public void process(Record<String, RuleCheckOutput> record) {
        AssembledTrace trace = record.value().trace();
        long now = context.currentSystemTimeMs();
        Bytes traceId = Bytes.wrap(trace.traceId());
        Decided decided = trace.late() ? remembered(traceId, now) : null;
        if (decided == null) {
            SamplingResult result = sampler.decide(new SampledTrace(trace.traceId(), trace.data(), record.value().exemplarCandidate()), now);
            decided = new Decided(result.keep(), result.policy());
            decisions.put(traceId, encode(decided), now);
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

    /** The decision taken for an earlier part of this trace, if still remembered. */
    private Decided remembered(Bytes traceId, long now) {
        Decided latest = null;
        try (WindowStoreIterator<byte[]> it = decisions.fetch(traceId, now - memory.toMillis(), now)) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> kv = it.next();
                latest = decode(kv.value);
            }
        }
        return latest;
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
