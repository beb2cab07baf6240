package io.tracepipe.topology.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.ingest.TraceFragment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DecodeProcessorTest {
    private static final int PARTITIONS = 4;

    @Test
    void marksABundleLocalExactlyWhenItsPartitionIsTheRecordsOwn() {
        List<Span> spans = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            spans.add(OtlpTraces.span(OtlpTraces.traceId(t), OtlpTraces.spanId(t)).build());
        }
        byte[] value = OtlpTraces.traces().resource("frontend").scope("http").add(spans.toArray(Span[]::new)).bytes();
        for (int source = 0; source < PARTITIONS; source++) {
            MockProcessorContext<Bytes, Ingested> context = new MockProcessorContext<>();
            context.setRecordMetadata("otlp_spans", source, 7L);
            context.setCurrentSystemTimeMs(0L);
            DecodeProcessor decode = decoder(context);

            decode.process(new Record<>(null, value, 0L));

            int fragments = 0;
            for (MockProcessorContext.CapturedForward<? extends Bytes, ? extends Ingested> forward : context.forwarded()) {
                Ingested.Fragments bundle = (Ingested.Fragments) forward.record().value();
                int partition = TracePartitions.partitionOf(forward.record().key());
                assertThat(bundle.local()).as("bundle for partition %d read from %d", partition, source).isEqualTo(partition == source);
                for (TraceFragment f : bundle.bundle().fragments()) {
                    assertThat(TracePartitions.of(f.traceId(), PARTITIONS)).isEqualTo(partition);
                    fragments++;
                }
            }
            assertThat(fragments).isEqualTo(40);
        }
    }

    @Test
    void aTraceKeyedRecordOnTheCollectorsPartitionIsLocal() {
        byte[] traceId = OtlpTraces.traceId(123).toByteArray();
        int partition = CollectorPartitioner.partition(CollectorPartitioner.key(traceId), PARTITIONS);
        byte[] value = oneSpanOf(123);
        MockProcessorContext<Bytes, Ingested> context = new MockProcessorContext<>();
        context.setRecordMetadata("otlp_spans", partition, 0L);
        context.setCurrentSystemTimeMs(0L);
        DecodeProcessor decode = decoder(context);

        decode.process(new Record<>(CollectorPartitioner.key(traceId), value, 0L));

        assertThat(context.forwarded()).singleElement()
                .satisfies(f -> assertThat(((Ingested.Fragments) f.record().value()).local()).isTrue());
    }

    @Test
    void tellsEveryAssemblerPartitionHowFarItsInputHasGotOnceItMovedAndOnlyThen() {
        byte[] traceId = OtlpTraces.traceId(123).toByteArray();
        int partition = CollectorPartitioner.partition(CollectorPartitioner.key(traceId), PARTITIONS);
        byte[] value = oneSpanOf(123);
        MockProcessorContext<Bytes, Ingested> context = new MockProcessorContext<>();
        context.setRecordMetadata("otlp_spans", partition, 0L);
        context.setCurrentSystemTimeMs(100_000L);
        DecodeProcessor decode = decoder(context);
        decode.process(new Record<>(CollectorPartitioner.key(traceId), value, 90_000L));
        context.resetForwards();

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(100_250L);
        // the bundle told its own partition 90 s; the others are told now
        assertThat(context.forwarded()).hasSize(PARTITIONS - 1).allSatisfy(f -> {
            SourcedBundle mark = ((Ingested.Fragments) f.record().value()).bundle();
            assertThat(mark.isMark()).isTrue();
            assertThat(mark.positionMs()).isEqualTo(90_000L);
            assertThat(TracePartitions.partitionOf(f.record().key())).isNotEqualTo(partition);
        });
        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(100_500L);
        assertThat(context.forwarded()).as("nothing moved").isEmpty();

        // quiet for the idle timeout: the partition moves on with the wall clock, and every assembler hears it
        context.setCurrentSystemTimeMs(110_000L);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(110_000L);
        assertThat(context.forwarded()).hasSize(PARTITIONS).allSatisfy(f ->
                assertThat(((Ingested.Fragments) f.record().value()).bundle().positionMs()).isEqualTo(100_000L));
    }

    /** A decoder of {@value #PARTITIONS} partitions (idle timeout 10 s, marks every 250 ms), initialised on {@code context}. */
    private static DecodeProcessor decoder(MockProcessorContext<Bytes, Ingested> context) {
        DecodeProcessor decode = new DecodeProcessor(Encoding.OTLP_PROTO, PARTITIONS, Duration.ofSeconds(10), Duration.ofMillis(250),
                "otlp_spans", InputLag.QUIET_TIME_ONLY);
        decode.init(context);
        return decode;
    }

    private static byte[] oneSpanOf(int trace) {
        return OtlpTraces.traces().resource("frontend").scope("http")
                .add(OtlpTraces.span(OtlpTraces.traceId(trace), OtlpTraces.spanId(1)).build()).bytes();
    }
}
