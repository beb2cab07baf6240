package io.tracepipe.topology.decode;

import io.tracepipe.ingest.DeadLetter;
import io.tracepipe.ingest.DecodedRecord;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.ingest.OtlpRecordDecoder;
import io.tracepipe.ingest.TraceFragment;
import io.tracepipe.topology.PipelineSensors;
import java.util.Locale;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes each input record once and re-keys its spans by trace id (one fragment per trace);
 * whatever cannot be decoded is forwarded as a dead letter under the original key, with the
 * reason and the source coordinates in headers.
 */
public final class DecodeProcessor implements Processor<byte[], byte[], Bytes, Ingested> {
    private final OtlpRecordDecoder decoder;
    private ProcessorContext<Bytes, Ingested> context;
    private Sensor spansIn;
    private Sensor deadLetterRecords;
    private Sensor invalidSpans;

    public DecodeProcessor(Encoding encoding) {
        this.decoder = new OtlpRecordDecoder(encoding);
    }

    @Override
    public void init(ProcessorContext<Bytes, Ingested> context) {
        this.context = context;
        this.spansIn = PipelineSensors.counter(context, PipelineSensors.SPANS_IN);
        this.deadLetterRecords = PipelineSensors.counter(context, PipelineSensors.DEAD_LETTER_RECORDS);
        this.invalidSpans = PipelineSensors.counter(context, PipelineSensors.INVALID_SPANS);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        DecodedRecord decoded = decoder.decode(record.value());
        spansIn.record(decoded.spanCount());
        for (TraceFragment fragment : decoded.fragments()) {
            // Input headers describe the collector's batch, not the trace: don't carry them along.
            context.forward(new Record<>(Bytes.wrap(fragment.traceId()), Ingested.of(fragment), record.timestamp(), new RecordHeaders()));
        }
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
            context.forward(new Record<>(Bytes.wrap(record.key()), Ingested.of(deadLetter), record.timestamp(), headers));
        }
    }
}
