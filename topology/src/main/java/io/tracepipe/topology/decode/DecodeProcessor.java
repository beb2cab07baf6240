package io.tracepipe.topology.decode;

import io.tracepipe.ingest.DeadLetter;
import io.tracepipe.ingest.DecodedRecord;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.ingest.FragmentBundle;
import io.tracepipe.ingest.OtlpRecordDecoder;
import io.tracepipe.ingest.TraceFragment;
import io.tracepipe.topology.PipelineSensors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes each input record once and splits its spans by trace id (one fragment per trace); the
 * fragments bound for the same partition of the repartition by trace id travel as one bundle,
 * keyed by that partition, marked local when it is the partition the record was read from (then
 * this task assembles them itself: the Collector's trace-keyed records always are). Whatever
 * cannot be decoded is forwarded as a dead letter under the original key, with the reason and the
 * source coordinates in headers.
 */
public final class DecodeProcessor implements Processor<byte[], byte[], Bytes, Ingested> {
    private final OtlpRecordDecoder decoder;
    private final int partitions;
    private final Duration idlePartitionTimeout;
    private final Duration markInterval;
    private final String inputTopic;
    private final InputLag inputLag;
    private ProcessorContext<Bytes, Ingested> context;
    private PartitionClock clock;
    // Per assembler partition: the position it was last told, by a bundle or a mark.
    private long[] told;
    private Sensor spansIn;
    private Sensor deadLetterRecords;
    private Sensor invalidSpans;

    /**
     * @param partitions the partition count of the repartition by trace id (and of the input)
     * @param idlePartitionTimeout how long without a record before this task's partition counts as caught up
     * @param markInterval how often the assemblers that got no bundle are told this partition's position
     * @param inputLag whether the consumer has read a quiet partition of {@code inputTopic} to its end
     */
    public DecodeProcessor(Encoding encoding, int partitions, Duration idlePartitionTimeout, Duration markInterval, String inputTopic,
            InputLag inputLag) {
        this.decoder = new OtlpRecordDecoder(encoding);
        this.partitions = partitions;
        this.idlePartitionTimeout = idlePartitionTimeout;
        this.markInterval = markInterval;
        this.inputTopic = inputTopic;
        this.inputLag = inputLag;
    }


    @Override
    public void init(ProcessorContext<Bytes, Ingested> context) {
        this.context = context;
        this.spansIn = PipelineSensors.counter(context, PipelineSensors.SPANS_IN);
        this.deadLetterRecords = PipelineSensors.counter(context, PipelineSensors.DEAD_LETTER_RECORDS);
        this.invalidSpans = PipelineSensors.counter(context, PipelineSensors.INVALID_SPANS);
        this.clock = new PartitionClock(idlePartitionTimeout.toMillis());
        this.told = new long[partitions];
        Arrays.fill(told, PartitionClock.UNKNOWN);
        context.schedule(markInterval, PunctuationType.WALL_CLOCK_TIME, this::sendMarks);
    }

    /**
     * Tells every assembler partition how far this task's input partition has got, where that moved
     * since its last bundle or mark: with trace-keyed input no bundle leaves its partition, and a quiet
     * partition sends none at all, yet every assembler must know.
     */
    private void sendMarks(long wall) {
        int source = context.taskId().partition();
        long position = clock.position(wall, inputLag.recordsBehind(inputTopic, source) == 0);
        for (int p = 0; p < partitions; p++) {
            if (position > told[p]) {
                context.forward(new Record<>(TracePartitions.key(p), new Ingested.Fragments(SourcedBundle.mark(source, position), p == source),
                        position, new RecordHeaders()));
                told[p] = position;
            }
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        DecodedRecord decoded = decoder.decode(record.value());
        spansIn.record(decoded.spanCount());
        int sourcePartition = context.recordMetadata().map(RecordMetadata::partition).orElse(context.taskId().partition());
        long wall = context.currentSystemTimeMs();
        clock.record(record.timestamp(), wall);
        long position = clock.position(wall);
        Map<Integer, List<TraceFragment>> byPartition = new TreeMap<>();
        for (TraceFragment fragment : decoded.fragments()) {
            byPartition.computeIfAbsent(TracePartitions.of(fragment.traceId(), partitions), p -> new ArrayList<>()).add(fragment);
        }
        byPartition.forEach((partition, fragments) -> {
            // Input headers describe the collector's batch, not the trace: don't carry them along.
            context.forward(new Record<>(TracePartitions.key(partition), new Ingested.Fragments(
                    new SourcedBundle(sourcePartition, position, new FragmentBundle(fragments)), partition == sourcePartition),
                    record.timestamp(), new RecordHeaders()));
            told[partition] = Math.max(told[partition], position);
        });
        for (DeadLetter deadLetter : decoded.deadLetters()) {
            deadLetterRecords.record();
            if (deadLetter.kind() == DeadLetter.Kind.INVALID_SPANS) {
                invalidSpans.record(deadLetter.spanCount());
            }
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            RecordMetadata source = context.recordMetadata().orElse(null);
            DeadLetterHeaders.write(headers, deadLetter.kind().name().toLowerCase(Locale.ROOT), deadLetter.reason(),
                    source == null ? "" : source.topic(),
                    source == null ? -1 : source.partition(),
                    source == null ? -1 : source.offset());
            context.forward(new Record<>(Bytes.wrap(record.key()), new Ingested.DeadLettered(deadLetter), record.timestamp(), headers));
        }
    }
}
