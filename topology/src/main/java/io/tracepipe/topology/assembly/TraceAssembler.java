package io.tracepipe.topology.assembly;

import static io.tracepipe.topology.HeaderValues.utf8;

import io.tracepipe.ingest.FragmentBundle;
import io.tracepipe.ingest.TraceFragment;
import io.tracepipe.topology.PipelineSensors;
import io.tracepipe.ingest.Ids;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Assembles traces from bundles of fragments, each fragment of a trace id. Each fragment is
 * appended to a windowed store under (trace id, its number in the trace's part), never rewriting
 * what is stored, so a complete trace is read back with one point lookup per fragment; a
 * punctuator emits every trace whose inactivity gap or maximum duration has passed, measured in
 * the {@link ArrivalClock}'s time (when spans arrived in Kafka, moved on by the wall clock while
 * the input is quiet, so a quiet partition still flushes). Spans that arrive after their trace was
 * emitted start a new part, emitted flagged late.
 */
public final class TraceAssembler implements Processor<Bytes, FragmentBundle, String, AssemblerOutput> {
    public static final String FRAGMENT_STORE = "tracepipe-trace-fragments";
    public static final String META_STORE = "tracepipe-trace-meta";

    public static final String HEADER_SPANS = "tracepipe.trace.spans";
    public static final String HEADER_PART = "tracepipe.trace.part";
    public static final String HEADER_LATE = "tracepipe.trace.late";
    public static final String HEADER_TRUNCATED = "tracepipe.trace.truncated";
    public static final String HEADER_COMPLETION = "tracepipe.trace.completion";

    // Bounds the memory of one punctuation when many traces fall due at once (after a long stop).
    private static final int DUE_BATCH = 10_000;
    // Heap per task for fragments of open traces, so that most traces are emitted without reading the store:
    // a sixteenth of the heap, between 4 and 64 MiB (a pipeline catching up on a backlog has many traces open).
    static final long YOUNG_FRAGMENT_BYTES = Math.max(4L << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16));

    private final AssemblySettings settings;
    private ProcessorContext<String, AssemblerOutput> context;
    private WindowStore<Bytes, byte[]> fragments;
    private KeyValueStore<Bytes, TraceMeta> metas;
    private DeadlineIndex deadlines;
    private YoungFragments young;
    private ArrivalClock clock;
    private boolean caughtUp;
    private boolean emittedSinceBatchEnd;
    private Sensor tracesAssembled;
    private Sensor spansAssembled;
    private Sensor lateSpans;
    private Sensor duplicateSpans;
    private Sensor truncatedTraces;
    private Sensor missingFragments;

    public TraceAssembler(AssemblySettings settings) {
        this.settings = settings;
    }

    /** The processor with its three stores, for {@code KStream#process}. */
    public static ProcessorSupplier<Bytes, FragmentBundle, String, AssemblerOutput> supplier(AssemblySettings settings) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<Bytes, FragmentBundle, String, AssemblerOutput> get() {
                return new TraceAssembler(settings);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return storeBuilders(settings);
            }
        };
    }

    static Set<StoreBuilder<?>> storeBuilders(AssemblySettings settings) {
        // Every fragment has a key of its own (trace id, number): puts append, and reads are point lookups, not scans.
        StoreBuilder<WindowStore<Bytes, byte[]>> fragmentStore = Stores.windowStoreBuilder(
                Stores.persistentWindowStore(FRAGMENT_STORE, settings.fragmentRetention(), Duration.ofMillis(1), false),
                Serdes.Bytes(), Serdes.ByteArray());
        StoreBuilder<KeyValueStore<Bytes, TraceMeta>> metaStore = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(META_STORE), Serdes.Bytes(), new TraceMetaSerde()).withCachingEnabled();
        return Set.of(fragmentStore, metaStore);
    }

    @Override
    public void init(ProcessorContext<String, AssemblerOutput> context) {
        this.context = context;
        this.fragments = context.getStateStore(FRAGMENT_STORE);
        this.metas = context.getStateStore(META_STORE);
        // init also runs again when a task is revived after an aborted transaction: rebuild from the restored metadata
        this.deadlines = new DeadlineIndex();
        this.young = new YoungFragments(YOUNG_FRAGMENT_BYTES);
        this.clock = new ArrivalClock(settings.maxTraceDuration().toMillis(), settings.inactivityGap().toMillis(),
                context.currentSystemTimeMs());
        this.caughtUp = false;
        this.emittedSinceBatchEnd = false;
        try (KeyValueIterator<Bytes, TraceMeta> all = metas.all()) {
            all.forEachRemaining(kv -> deadlines.add(kv.value.deadlineMs(settings), kv.key));
        }
        this.tracesAssembled = PipelineSensors.counter(context, PipelineSensors.TRACES_ASSEMBLED);
        this.spansAssembled = PipelineSensors.counter(context, PipelineSensors.SPANS_ASSEMBLED);
        this.lateSpans = PipelineSensors.counter(context, PipelineSensors.LATE_SPANS);
        this.duplicateSpans = PipelineSensors.counter(context, PipelineSensors.DUPLICATE_SPANS);
        this.truncatedTraces = PipelineSensors.counter(context, PipelineSensors.TRUNCATED_TRACES);
        this.missingFragments = PipelineSensors.counter(context, PipelineSensors.MISSING_FRAGMENTS);
        context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<Bytes, FragmentBundle> record) {
        long wall = context.currentSystemTimeMs();
        long now = clock.arrive(record.timestamp(), wall);
        if (!caughtUp) {
            // After a restart, emit what fell due while we were away before new puts advance the
            // window store's clock past the old fragments.
            completeDue(now, wall);
        }
        for (TraceFragment fragment : record.value().fragments()) {
            append(fragment, now, wall);
        }
        endBatch(wall);
    }

    private void punctuate(long wall) {
        long now = clock.now(wall);
        if (now != Long.MIN_VALUE) {
            completeDue(now, wall);
        }
    }

    private void append(TraceFragment fragment, long now, long wall) {
        Bytes traceId = Bytes.wrap(fragment.traceId());
        TraceMeta meta = metas.get(traceId);
        if (meta == null) {
            meta = TraceMeta.firstPart(now);
            deadlines.add(meta.deadlineMs(settings), traceId);
        } else if (!meta.open()) {
            meta = meta.nextPart(now);
            deadlines.add(meta.deadlineMs(settings), traceId);
        }
        if (meta.late()) {
            lateSpans.record(fragment.spanCount());
        }
        fragments.put(fragmentKey(traceId, meta.fragmentCount()), fragment.tracesData(), meta.windowTimestampMs());
        young.add(traceId, meta.fragmentCount(), fragment.tracesData());
        meta = meta.withFragment(now, fragment.spanCount());
        if (meta.spanCount() >= settings.maxSpansPerTrace()) {
            emit(traceId, meta, Completion.MAX_SPANS, now, wall);
        } else {
            metas.put(traceId, meta);
        }
    }

    private void completeDue(long now, long wall) {
        caughtUp = true;
        List<Bytes> due;
        do {
            due = deadlines.pollDue(now, DUE_BATCH);
            for (Bytes traceId : due) {
                recheck(traceId, now, wall);
            }
        } while (due.size() >= DUE_BATCH);
        endBatch(wall);
    }

    /** Tells the steps downstream that a run of emissions is over (only if something was emitted). */
    private void endBatch(long wall) {
        if (emittedSinceBatchEnd) {
            emittedSinceBatchEnd = false;
            context.forward(new Record<>("", new BatchEnd(), wall));
        }
    }

    /** An index entry fell due: complete, forget, or re-file the trace by its current deadline. */
    private void recheck(Bytes traceId, long now, long wall) {
        TraceMeta meta = metas.get(traceId);
        if (meta == null) {
            return;
        }
        long deadline = meta.deadlineMs(settings);
        if (deadline > now) {
            deadlines.add(deadline, traceId);
        } else if (meta.open()) {
            emit(traceId, meta, meta.completionAt(settings), now, wall);
        } else {
            metas.delete(traceId);
        }
    }

    /** Emits the open part; {@code now} is the arrival clock's time, {@code wall} the wall clock's (the record's timestamp). */
    private void emit(Bytes traceId, TraceMeta meta, Completion completion, long now, long wall) {
        TraceMerger merger = new TraceMerger();
        List<byte[]> held = young.take(traceId, meta.fragmentCount());
        for (int i = 0; held == null && i < meta.fragmentCount(); i++) {
            byte[] stored = fragments.fetch(fragmentKey(traceId, i), meta.windowTimestampMs());
            if (stored == null) {
                // Only if the store's retention ran out under the trace, e.g. after a very long stop.
                missingFragments.record();
                continue;
            }
            merger.add(stored);
        }
        if (held != null) {
            held.forEach(merger::add);
        }
        TraceMeta emitted = meta.emitted(now);
        metas.put(traceId, emitted);
        deadlines.add(emitted.deadlineMs(settings), traceId);

        AssembledTrace trace = new AssembledTrace(traceId.get(), merger.build(), merger.spanCount(), merger.duplicates(),
                meta.part(), completion, meta.firstArrivalMs(), now);
        tracesAssembled.record();
        spansAssembled.record(trace.spanCount());
        duplicateSpans.record(trace.duplicateSpans());
        if (trace.truncated()) {
            truncatedTraces.record();
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_SPANS, utf8(Integer.toString(trace.spanCount())));
        headers.add(HEADER_PART, utf8(Integer.toString(trace.part())));
        headers.add(HEADER_LATE, utf8(Boolean.toString(trace.late())));
        headers.add(HEADER_TRUNCATED, utf8(Boolean.toString(trace.truncated())));
        headers.add(HEADER_COMPLETION, utf8(completion.headerValue()));
        context.forward(new Record<>(trace.traceIdHex(), trace, wall, headers));
        emittedSinceBatchEnd = true;
    }

    private static Bytes fragmentKey(Bytes traceId, int number) {
        return Bytes.wrap(ByteBuffer.allocate(Ids.TRACE_ID_BYTES + Integer.BYTES).put(traceId.get()).putInt(number).array());
    }
}
