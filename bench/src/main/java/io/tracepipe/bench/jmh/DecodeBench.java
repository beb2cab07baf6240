package io.tracepipe.bench.jmh;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.DecodedRecord;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.ingest.OtlpRecordDecoder;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.Workload;
import io.tracepipe.ingest.FragmentBundle;
import io.tracepipe.topology.serde.FragmentBundleSerde;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Ingest path per collector record, reported per record of the generator's default mix (rate 2000
 * traces/s, about 180 spans per record; the setup prints spans/record to convert).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DecodeBench {
    private final OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.OTLP_PROTO);
    private final FragmentBundleSerde serde = new FragmentBundleSerde();
    private List<OtlpRecord> records;
    private int next;

    @Setup
    public void setup() {
        records = Workload.generate(GeneratorSettings.defaults(42).withTracesPerSecond(2000), 4000, Instant.parse("2026-01-01T00:00:00Z"));
        long spans = records.stream().mapToLong(OtlpRecord::spanCount).sum();
        System.out.printf("%n%d records, %.1f spans/record, %.0f bytes/record%n", records.size(), (double) spans / records.size(),
                records.stream().mapToLong(r -> r.value().length).average().orElse(0));
    }

    private byte[] nextRecord() {
        byte[] v = records.get(next).value();
        next = (next + 1) % records.size();
        return v;
    }

    /** Protobuf parse only: the floor of any decoding. */
    @Benchmark
    public TracesData parseOnly() throws Exception {
        return TracesData.parseFrom(nextRecord());
    }

    /** {@code OtlpRecordDecoder.decode}: parse, validate, cut into per-trace fragments and serialize them. */
    @Benchmark
    public DecodedRecord decode() {
        return decoder.decode(nextRecord());
    }

    /** decode + the repartition serde round trip of the record's fragments, as one bundle (what the repartition topic costs in CPU). */
    @Benchmark
    public void decodeAndRepartitionSerde(Blackhole bh) {
        DecodedRecord d = decoder.decode(nextRecord());
        byte[] bytes = serde.serializer().serialize("t", new FragmentBundle(d.fragments()));
        bh.consume(serde.deserializer().deserialize("t", bytes));
    }
}
