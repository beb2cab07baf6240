package io.tracepipe.bench;

import static io.tracepipe.bench.Harness.log;

import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.app.kafka.PipelineRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Per-span cost against trace size: the same number of spans as traces of 10, 1,000 and 10,000
 * spans, each through a fresh pipeline (own application id, topics and state) on one broker.
 *
 * <pre>bench/run TraceSizeBench [--spans 500000] [--sizes 10,1000,10000] [--per-record 250] [--gap 2s]</pre>
 */
public final class TraceSizeBench {
    public static void main(String[] args) throws Exception {
        long spans = Long.parseLong(Harness.arg(args, "--spans", "500000"));
        int perRecord = Integer.parseInt(Harness.arg(args, "--per-record", "250"));
        int partitions = Integer.parseInt(Harness.arg(args, "--partitions", "4"));
        Duration gap = Harness.duration(Harness.arg(args, "--gap", "2s"));
        String[] sizes = Harness.arg(args, "--sizes", "10,1000,10000").split(",");
        List<String> results = new ArrayList<>();
        double smallest = Double.NaN;
        double largest = Double.NaN;
        for (String s : sizes) {
            // a fresh broker per size: each size runs alone, on an empty broker
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of("message.max.bytes", "16777216"))) {
                String bootstrap = broker.bootstrapServers();
                int size = Integer.parseInt(s.trim());
                String input = "sizes-" + size;
                String output = input + "-out";
                Harness.createTopics(bootstrap, partitions, input, output);
                long traces = spans / size;
                long[] sent = new long[2];
                try (KafkaProducer<byte[], byte[]> producer = EndToEndBench.producer(bootstrap, null)) {
                    SyntheticTraces.generate(size, traces, size, perRecord, 1_760_000_000_000_000_000L, value -> {
                        producer.send(new ProducerRecord<>(input, (int) (sent[0]++ % partitions), null, value));
                        sent[1] += value.length;
                    });
                    producer.flush();
                }
                long total = traces * size;
                Path state = Harness.tempDir("tracepipe-bench-size-");
                TracepipeConfig config = ConfigLoader.parse("bench",
                        Harness.pipelineYaml(bootstrap, "size-" + size, state, partitions, input, output, gap, 20_000, -1, null), Map.of());
                String load = Harness.loadAverage();
                log("size %d: %d traces, %d spans in %d records (%.1f MB); load %s", size, traces, total, sent[0], sent[1] / 1e6, load);
                try (PipelineRunner runner = PipelineRunner.start(config);
                        KafkaConsumer<byte[], byte[]> consumer = Harness.committedConsumer(bootstrap, output)) {
                    if (!runner.awaitRunning(Duration.ofMinutes(1))) {
                        throw new IllegalStateException("pipeline not running", runner.failure());
                    }
                    long start = System.nanoTime();
                    long cpu0 = Harness.processCpuNanos();
                    long out = 0;
                    long last = start;
                    long deadline = start + Duration.ofMinutes(5).toNanos();
                    while (out < total) {
                        if (System.nanoTime() > deadline || runner.failure() != null) {
                            throw new IllegalStateException("size " + size + ": only " + out + " of " + total + " spans out", runner.failure());
                        }
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                            out += Harness.spansOf(r);
                            last = System.nanoTime();
                        }
                    }
                    double cpu = (Harness.processCpuNanos() - cpu0) / 1e3 / total;
                    double wallUs = ((last - start) / 1e3 - gap.toMillis() * 1e3) / total;
                    String line = String.format("SIZE trace_spans=%d spans=%d wall_us_per_span=%.2f cpu_us_per_span=%.2f spans_per_s=%.0f load=\"%s\"",
                            size, total, wallUs, cpu, 1e6 / wallUs, load);
                    log("%s", line);
                    results.add(line);
                    if (Double.isNaN(smallest)) {
                        smallest = wallUs;
                    }
                    largest = wallUs;
                }
                Harness.deleteQuietly(state);
            }
        }
        results.forEach(System.out::println);
        System.out.printf("SIZES ratio_largest_to_smallest=%.2f%n", largest / smallest);
        System.exit(0);
    }
}
