package io.tracepipe.topology.assembly;

import static io.tracepipe.topology.HeaderValues.utf8;

import io.tracepipe.ingest.TraceFragment;
import io.tracepipe.topology.PipelineSensors;
import io.tracepipe.ingest.Ids;
import io.tracepipe.topology.decode.SourcedBundle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * Assembles traces from bundles of fragments, each fragment of a trace id, whether they came
 * through the repartition topic or straight from this task's decoder. Each fragment is appended to
 * a windowed store under (trace id, its number in the trace's part), never rewriting what is
 * stored, so a complete trace is read back with one point lookup per fragment, or from memory
 * while it is young ({@link YoungFragments}), and merged as bytes ({@link TraceMerger}). Traces are
 * completed when their inactivity gap or maximum duration has passed in the time of the
 * {@link Watermark}: how far every upstream input partition's records have got (carried with the
 * bundles and the decoders' progress marks), so that a partition that is behind holds completion
 * back instead of being overtaken. Spans that arrive after their trace was emitted start a new
 * part, emitted flagged late; when the trace was not kept, the earlier parts are read again and
 * handed along, so that sampling can decide again on the whole trace.
 */
public final class TraceAssembler implements Processor<Bytes, SourcedBundle, String, AssemblerOutput> {
    public static final String FRAGMENT_STORE = "tracepipe-trace-fragments";
    public static final String META_STORE = "tracepipe-trace-meta";
    /** Upstream input partition -> its position, as far as this task knows: the watermark's state. */
    public static final String PROGRESS_STORE = "tracepipe-assembly-progress";

    public static final String HEADER_SPANS = "tracepipe.trace.spans";
    public static final String HEADER_PART = "tracepipe.trace.part";
    public static final String HEADER_LATE = "tracepipe.trace.late";
    public static final String HEADER_TRUNCATED = "tracepipe.trace.truncated";
    public static final String HEADER_COMPLETION = "tracepipe.trace.completion";

    // Bounds the memory of one punctuation when many traces fall due at once (after a long stop).
    private static final int DUE_BATCH = 10_000;
    // Heap for fragments of open traces, shared by the tasks of an instance, so that most traces are emitted without
    // reading the store: an eighth of the heap, between 8 and 256 MiB (a pipeline catching up on a backlog has many open).
    static final long YOUNG_FRAGMENT_BYTES = Math.max(8L << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8));

    private final AssemblySettings settings;
    private final int upstreamPartitions;
    private ProcessorContext<String, AssemblerOutput> context;
    private WindowStore<Bytes, byte[]> fragments;
    private KeyValueStore<Bytes, TraceMeta> metas;
    private KeyValueStore<Integer, Long> progress;
    private DeadlineIndex deadlines;
    private KnownTraceIds known;
    private final YoungFragments.Budget youngBudget;
    private YoungFragments young;
    private Watermark watermark;
    private boolean emittedSinceBatchEnd;
    private Sensor tracesAssembled;
    private Sensor spansAssembled;
    private Sensor lateSpans;
    private Sensor duplicateSpans;
    private Sensor truncatedTraces;
    private Sensor missingFragments;
    private Sensor lagBoundCompletions;
    private final Map<LateCause, Sensor> lateParts = new EnumMap<>(LateCause.class);

    /** @param upstreamPartitions the input topic's partition count: every one of them is waited for */
    public TraceAssembler(AssemblySettings settings, int upstreamPartitions) {
        this(settings, upstreamPartitions, new YoungFragments.Budget(YOUNG_FRAGMENT_BYTES));
    }

    TraceAssembler(AssemblySettings settings, int upstreamPartitions, YoungFragments.Budget youngBudget) {
        this.settings = settings;
        this.upstreamPartitions = upstreamPartitions;
        this.youngBudget = youngBudget;
    }

    /** The processor with its stores, for {@code KStream#process}. */
    public static ProcessorSupplier<Bytes, SourcedBundle, String, AssemblerOutput> supplier(AssemblySettings settings, int upstreamPartitions) {
        YoungFragments.Budget youngBudget = new YoungFragments.Budget(YOUNG_FRAGMENT_BYTES); // one per instance
        return new ProcessorSupplier<>() {
            @Override
            public Processor<Bytes, SourcedBundle, String, AssemblerOutput> get() {
                return new TraceAssembler(settings, upstreamPartitions, youngBudget);
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
        StoreBuilder<KeyValueStore<Integer, Long>> progressStore = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PROGRESS_STORE), Serdes.Integer(), Serdes.Long());
        return Set.of(fragmentStore, metaStore, progressStore);
    }

    @Override
    public void init(ProcessorContext<String, AssemblerOutput> context) {
        this.context = context;
        this.fragments = context.getStateStore(FRAGMENT_STORE);
        this.metas = context.getStateStore(META_STORE);
        this.progress = context.getStateStore(PROGRESS_STORE);
        // init also runs again when a task is revived after an aborted transaction: rebuild from the restored stores
        this.deadlines = new DeadlineIndex();
        if (young != null) {
            young.clear(); // init runs again when a task is revived: give back what the last run held
        }
        this.young = new YoungFragments(youngBudget);
        this.watermark = new Watermark(upstreamPartitions, settings.maxPartitionLag().toMillis());
        try (KeyValueIterator<Integer, Long> all = progress.all()) {
            all.forEachRemaining(kv -> watermark.restore(kv.key, kv.value));
        }
        this.emittedSinceBatchEnd = false;
        try (KeyValueIterator<Bytes, TraceMeta> all = metas.all()) {
            all.forEachRemaining(kv -> deadlines.add(kv.value.deadlineMs(settings), kv.key));
        }
        rebuildKnownIds();
        this.tracesAssembled = PipelineSensors.counter(context, PipelineSensors.TRACES_ASSEMBLED);
        this.spansAssembled = PipelineSensors.counter(context, PipelineSensors.SPANS_ASSEMBLED);
        this.lateSpans = PipelineSensors.counter(context, PipelineSensors.LATE_SPANS);
        this.duplicateSpans = PipelineSensors.counter(context, PipelineSensors.DUPLICATE_SPANS);
        this.truncatedTraces = PipelineSensors.counter(context, PipelineSensors.TRUNCATED_TRACES);
        this.missingFragments = PipelineSensors.counter(context, PipelineSensors.MISSING_FRAGMENTS);
        this.lagBoundCompletions = PipelineSensors.counter(context, PipelineSensors.LAG_BOUND_COMPLETIONS);
        for (LateCause cause : LateCause.values()) {
            lateParts.put(cause, PipelineSensors.counter(context, PipelineSensors.LATE_PARTS, Map.of("cause", cause.label())));
        }
        context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void close() {
        if (young != null) {
            young.clear();
        }
    }

    @Override
    public void process(Record<Bytes, SourcedBundle> record) {
        long wall = context.currentSystemTimeMs();
        SourcedBundle bundle = record.value();
        long recordTime = Math.min(record.timestamp(), wall);
        long before = watermark.now();
        // A record whose time lies before the watermark (a producer clock behind) counts as arriving at the watermark,
        // so its trace still gets a whole gap.
        long arrival = Math.max(recordTime, before);
        for (TraceFragment fragment : bundle.fragments()) {
            append(fragment, recordTime, arrival, wall);
        }
        watermark.advance(bundle.sourcePartition(), Math.min(bundle.positionMs(), wall));
        if (watermark.now() > before) {
            completeDue(wall);
        }
        endBatch(wall);
    }

    private void punctuate(long wall) {
        completeDue(wall);
        for (int p = 0; p < watermark.partitions(); p++) {
            if (watermark.changedSinceSaved(p)) {
                progress.put(p, watermark.position(p));
                watermark.saved(p);
            }
        }
    }

    private void append(TraceFragment fragment, long recordTime, long arrival, long wall) {
        Bytes traceId = Bytes.wrap(fragment.traceId());
        // Most new traces are not in the filter: their lookup would miss the cache and RocksDB both.
        TraceMeta meta = known.mightContain(fragment.traceId()) ? metas.get(traceId) : null;
        if (meta == null) {
            meta = TraceMeta.firstPart(arrival);
            deadlines.add(meta.deadlineMs(settings), traceId);
            if (known.full()) {
                rebuildKnownIds();
            }
            known.add(fragment.traceId());
        } else if (!meta.open()) {
            lateParts.get(meta.lateCause(recordTime, settings)).record();
            meta = meta.nextPart(arrival);
            deadlines.add(meta.deadlineMs(settings), traceId);
        }
        if (meta.late()) {
            lateSpans.record(fragment.spanCount());
        }
        fragments.put(fragmentKey(traceId, meta.fragmentCount()), fragment.tracesData(), meta.windowTimestampMs());
        young.add(traceId, meta.fragmentCount(), fragment.tracesData());
        meta = meta.withFragment(arrival, fragment.spanCount());
        if (meta.spanCount() >= settings.maxSpansPerTrace()) {
            emit(traceId, meta, Completion.MAX_SPANS, false, wall);
        } else {
            metas.put(traceId, meta);
        }
    }

    /** The filter of ids with metadata, from the deadline index: it names every trace the meta store holds. */
    private void rebuildKnownIds() {
        known = new KnownTraceIds(2 * deadlines.size());
        deadlines.forEachId(known::add);
    }

    private void completeDue(long wall) {
        long now = watermark.now();
        if (now == Watermark.UNKNOWN) {
            return;
        }
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
            // Not every upstream partition has got past the deadline: the lag bound completes the trace.
            boolean byLagBound = deadline > watermark.everyPartition();
            if (byLagBound) {
                lagBoundCompletions.record();
            }
            emit(traceId, meta, meta.completionAt(settings), byLagBound, wall);
        } else {
            metas.delete(traceId);
        }
    }

    /** Emits the open part at the watermark's time; {@code wall} is the wall clock's (the record's timestamp). */
    private void emit(Bytes traceId, TraceMeta meta, Completion completion, boolean byLagBound, long wall) {
        long now = watermark.now();
        TraceMerger merger = new TraceMerger();
        List<byte[]> held = young.take(traceId, meta.fragmentCount());
        if (held != null) {
            held.forEach(merger::add);
        } else {
            addStored(merger, traceId, new TraceMeta.StoredPart(meta.windowTimestampMs(), meta.fragmentCount()));
        }
        TraceMeta emitted = meta.emitted(now, completion, byLagBound);
        metas.put(traceId, emitted);
        deadlines.add(emitted.deadlineMs(settings), traceId);

        AssembledTrace trace = new AssembledTrace(traceId.get(), merger.build(), merger.spanCount(), merger.duplicates(),
                meta.part(), completion, meta.firstArrivalMs(), now);
        if (meta.late() && !meta.kept()) {
            trace = trace.withWholeTrace(wholeTrace(traceId, meta, held));
        }
        trace.meta(emitted);
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

    /**
     * The whole trace a late part belongs to, as serialized TracesData: the earlier parts read back from
     * the store, and this part ({@code held} in memory, or read too). Only for traces that were not kept,
     * so that sampling can decide again on every span.
     */
    private byte[] wholeTrace(Bytes traceId, TraceMeta meta, List<byte[]> held) {
        TraceMerger whole = new TraceMerger();
        for (TraceMeta.StoredPart part : meta.earlierParts()) {
            addStored(whole, traceId, part);
        }
        if (held != null) {
            held.forEach(whole::add);
        } else {
            addStored(whole, traceId, new TraceMeta.StoredPart(meta.windowTimestampMs(), meta.fragmentCount()));
        }
        return whole.build();
    }

    private void addStored(TraceMerger merger, Bytes traceId, TraceMeta.StoredPart part) {
        for (int i = 0; i < part.fragmentCount(); i++) {
            byte[] stored = fragments.fetch(fragmentKey(traceId, i), part.windowTimestampMs());
            if (stored == null) {
                // Only if the store's retention ran out under the trace, e.g. after a very long stop.
                missingFragments.record();
                continue;
            }
            merger.add(stored);
        }
    }

    static Bytes fragmentKey(Bytes traceId, int number) {
        return Bytes.wrap(ByteBuffer.allocate(Ids.TRACE_ID_BYTES + Integer.BYTES).put(traceId.get()).putInt(number).array());
    }
}
