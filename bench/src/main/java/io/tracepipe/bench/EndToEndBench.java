package io.tracepipe.bench;

import static io.tracepipe.bench.Harness.log;

import io.tracepipe.devkit.generator.FaultInjector;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.TrafficPump;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.app.kafka.PipelineRunner;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.ingest.OtlpRecordDecoder;
import io.tracepipe.ingest.TraceFragment;
import io.tracepipe.topology.decode.CollectorPartitioner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end throughput of the pipeline against a transactional copy of the same records, for both
 * kinds of input a Collector writes: unkeyed records of many traces (the {@code kafka} exporter's
 * default) and trace-keyed records of one trace each ({@code partition_traces_by_id: true}: key =
 * the trace id in hex, on the partition the exporter's partitioner picks), made from the same
 * generated batches; then delivery latency at a steady rate. One JVM with the embedded broker.
 * Prints one {@code BENCH input=...} line per input kind: spans/s, the copy's spans/s on the same
 * records and their ratio, the stream thread's CPU per span, the process's peak RSS and the state
 * on disk per million spans.
 *
 * <pre>
 * bench/run EndToEndBench [--spans 2000000] [--partitions 4] [--gap 2s] [--seed 42] [--rate 2000]
 *                         [--inputs unkeyed,keyed]  (which input kinds to run the pipeline on)
 *                         [--sampling keep-all|typical]  (typical: errors, slow (1 s), alert exemplars, 10 %)
 *                         [--health on|off]  (instrumentation-health.enabled: the checks on every trace)
 *                         [--latency-rate 200] [--latency-seconds 60] [--skip-latency] [--skip-baseline]
 *                         [--props "num.stream.threads=2,commit.interval.ms=200"]   (extra kafka.properties)
 *                         [--warmup-spans 300000]   (an untimed pipeline run first, so the timed one runs on a warm JIT; 0: none)
 *                         [--profile out.html]      (async-profiler over each timed run, when its jar is on the classpath;
 *                                                    the input kind is put before the extension)
 * </pre>
 */
public final class EndToEndBench {
    static final String INPUT = "otlp_spans";
    static final String KEYED_INPUT = "otlp_spans_keyed";
    static final String COPY = "bench-copy";
    static final String WARMUP_INPUT = "warmup_spans";
    static final String WARMUP_SAMPLED = "warmup-sampled-traces";

    /** The typical policy set of the second configuration. */
    static final String TYPICAL_SAMPLING = """
            sampling:
              policies:
                - {name: errors, type: status_code, status_codes: [ERROR]}
                - {name: slow, type: latency, threshold: 1s}
                - {name: exemplars, type: alert_exemplar}
                - {name: ten-percent, type: probabilistic, sampling_percentage: 10}
            """;

    /** An input kind: its topic and how a run on it is named. */
    enum Input {
        UNKEYED(INPUT), KEYED(KEYED_INPUT);

        final String topic;

        Input(String topic) {
            this.topic = topic;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static void main(String[] args) throws Exception {
        long spans = Long.parseLong(Harness.arg(args, "--spans", "2000000"));
        int partitions = Integer.parseInt(Harness.arg(args, "--partitions", "4"));
        Duration gap = Harness.duration(Harness.arg(args, "--gap", "2s"));
        long seed = Long.parseLong(Harness.arg(args, "--seed", "42"));
        double rate = Double.parseDouble(Harness.arg(args, "--rate", "2000"));
        double latencyRate = Double.parseDouble(Harness.arg(args, "--latency-rate", "200"));
        int latencySeconds = Integer.parseInt(Harness.arg(args, "--latency-seconds", "60"));
        String extraProps = Harness.kafkaProperties(Harness.arg(args, "--props", ""));
        long warmupSpans = Long.parseLong(Harness.arg(args, "--warmup-spans", "300000"));
        String profile = Harness.arg(args, "--profile", null);
        String samplingName = Harness.arg(args, "--sampling", "keep-all");
        String sampling = switch (samplingName) {
            case "keep-all" -> "";
            case "typical" -> TYPICAL_SAMPLING;
            default -> throw new IllegalArgumentException("--sampling keep-all or typical, not " + samplingName);
        };
        String healthName = Harness.arg(args, "--health", "on");
        String health = switch (healthName) {
            case "on" -> "";
            case "off" -> "instrumentation-health:\n  enabled: false\n";
            default -> throw new IllegalArgumentException("--health on or off, not " + healthName);
        };
        List<Input> inputs = new ArrayList<>();
        for (String kind : Harness.arg(args, "--inputs", "unkeyed,keyed").split(",")) {
            inputs.add(Input.valueOf(kind.trim().toUpperCase(java.util.Locale.ROOT)));
        }

        log("load before start: %s", Harness.loadAverage());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of("message.max.bytes", "16777216"))) {
            String bootstrap = broker.bootstrapServers();
            Harness.createTopics(bootstrap, partitions, INPUT, KEYED_INPUT, COPY, WARMUP_INPUT, WARMUP_SAMPLED);

            long t0 = System.nanoTime();
            Preload pre = preload(bootstrap, INPUT, KEYED_INPUT, GeneratorSettings.defaults(seed).withTracesPerSecond(rate), spans);
            log("preloaded %d spans in %d records (%d traces, %.1f spans/record, %.1f MB) in %.1f s; trace-keyed: %d records (%.1f spans/record)",
                    pre.spans, pre.records, pre.traces, (double) pre.spans / pre.records, pre.bytes / 1e6, (System.nanoTime() - t0) / 1e9,
                    pre.keyedRecords, (double) pre.spans / pre.keyedRecords);

            Map<Input, Double> copyRates = new java.util.EnumMap<>(Input.class);
            if (!Harness.flag(args, "--skip-baseline")) {
                for (Input input : Input.values()) {
                    log("load before baseline: %s", Harness.loadAverage());
                    long records = input == Input.KEYED ? pre.keyedRecords : pre.records;
                    double secs = copyBaseline(bootstrap, input.topic, "bench-copy-" + input.label(), records);
                    copyRates.put(input, pre.spans / secs);
                    log("BASELINE transactional copy of %s input: %d records, %d spans in %.2f s = %.0f spans/s", input.label(), records,
                            pre.spans, secs, pre.spans / secs);
                }
            }

            if (warmupSpans > 0) {
                warmUp(bootstrap, partitions, gap, extraProps + "", sampling, health,
                        GeneratorSettings.defaults(seed + 100).withTracesPerSecond(rate), warmupSpans);
            }

            List<String> benchLines = new ArrayList<>();
            for (Input input : inputs) {
                Run run = runPipeline(bootstrap, input, partitions, gap, extraProps, sampling, health, pre.spans,
                        profile == null ? null : withSuffix(profile, input.label()),
                        input == Input.UNKEYED && !Harness.flag(args, "--skip-latency") ? new Latency(seed, latencyRate, latencySeconds) : null);
                double copy = copyRates.getOrDefault(input, Double.NaN);
                double unkeyedCopy = copyRates.getOrDefault(Input.UNKEYED, Double.NaN);
                benchLines.add(String.format("BENCH input=%s sampling=%s health=%s spans_per_s=%.0f copy_spans_per_s=%.0f ratio=%.3f"
                                + " ratio_to_unkeyed_copy=%.3f stream_cpu_us_per_span=%.2f process_cpu_us_per_span=%.2f peak_rss_mb=%d"
                                + " state_mb_per_million_spans=%.1f p99_delay_ms=%.0f",
                        input.label(), samplingName, healthName, run.spansPerSecond, copy, run.spansPerSecond / copy, run.spansPerSecond / unkeyedCopy,
                        run.streamCpuUsPerSpan, run.processCpuUsPerSpan, run.peakRssMb, run.stateMbPerMillionSpans, run.p99DelayMs));
            }
            log("load at end: %s", Harness.loadAverage());
            benchLines.forEach(System.out::println);
        }
        System.exit(0);
    }

    record Latency(long seed, double rate, int seconds) {}

    record Run(double spansPerSecond, double streamCpuUsPerSpan, double processCpuUsPerSpan, long peakRssMb, double stateMbPerMillionSpans,
            double p99DelayMs) {}

    /**
     * One timed pipeline run over a preloaded input topic, with an application id, state and output
     * topic of its own: from {@code start()} (start-up and the final gap included) until every span
     * is out (keep-all: counted on the sampled topic, read_committed) or, with sampling policies that
     * drop traces, until the pipeline has assembled every span.
     */
    static Run runPipeline(String bootstrap, Input input, int partitions, Duration gap, String extraProps, String sampling, String health,
            long spans,
            String profile, Latency latency) throws Exception {
        String appId = "tp-" + input.label();
        String sampled = appId + "-sampled-traces";
        Harness.createTopics(bootstrap, partitions, sampled);
        Path state = Harness.tempDir("tracepipe-bench-" + input.label() + "-");
        String yaml = Harness.pipelineYaml(bootstrap, appId, state, partitions, input.topic, sampled, gap, 10_000, 0, extraProps) + sampling
                + health;
        TracepipeConfig config = ConfigLoader.parse("bench", yaml, Map.of());
        boolean keepAll = sampling.isEmpty();
        log("load before the %s pipeline: %s", input.label(), Harness.loadAverage());
        Harness.resetPeakRss();
        SampledCounter counter = new SampledCounter(bootstrap, sampled);
        Profiler profiler = Profiler.start(profile);
        long cpu0 = Harness.processCpuNanos();
        ThreadCpu threads0 = ThreadCpu.snapshot();
        long start = System.nanoTime();
        try (PipelineRunner runner = PipelineRunner.start(config)) {
            counter.start();
            long last = keepAll ? counter.awaitSpans(spans, Duration.ofMinutes(10), runner)
                    : Harness.awaitAssembledSpans(runner, spans, Duration.ofMinutes(10));
            double secs = (last - start) / 1e9;
            double cpuSecs = (Harness.processCpuNanos() - cpu0) / 1e9;
            double streamCpuSecs = Harness.streamThreadCpuNanos(appId) / 1e9;
            double rate = spans / secs;
            log("PIPELINE (%s input): %d spans (%d out in %d traces, %d late parts) in %.2f s (incl. start-up and the %d ms gap) = %.0f spans/s;"
                    + " process CPU %.1f s = %.2f us/span; stream thread %.1f s = %.2f us/span", input.label(), spans, counter.spans(),
                    counter.traces(), counter.lateParts(), secs, gap.toMillis(), rate, cpuSecs, cpuSecs * 1e6 / spans, streamCpuSecs,
                    streamCpuSecs * 1e6 / spans);
            log("%s", ThreadCpu.snapshot().since(threads0, 12));
            log("late parts by cause: %s", Harness.pipelineCounters(runner, "tracepipe_late_parts_total",
                    "tracepipe_lag_bound_completions_total", "tracepipe_redecided_traces_total"));
            profiler.stop();
            long peakRss = Harness.peakRssMb();
            double stateMb = Harness.diskBytes(state) / 1e6;
            log("after throughput: used heap %d MB (before GC), rss %d MB, peak rss %d MB; state %.1f MB on disk", Harness.usedHeapMb(),
                    Harness.rssMb(), peakRss, stateMb);
            double p99 = Double.NaN;
            if (latency != null) {
                log("load before latency: %s", Harness.loadAverage());
                p99 = latency(bootstrap, input.topic, counter, latency.seed, latency.rate, latency.seconds, gap);
            }
            return new Run(rate, streamCpuSecs * 1e6 / spans, cpuSecs * 1e6 / spans, peakRss, stateMb * 1e6 / spans, p99);
        } finally {
            counter.close();
            Harness.deleteQuietly(state);
        }
    }

    private static String withSuffix(String file, String suffix) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file + "-" + suffix : file.substring(0, dot) + "-" + suffix + file.substring(dot);
    }

    record Preload(long spans, long records, long traces, long bytes, long keyedRecords) {}

    /**
     * Runs the pipeline once over a smaller workload of its own (other topics, application id and
     * state), so that the timed run measures a warmed-up JVM as a long-running instance is, not the
     * JIT compiler: without it, compilation takes a quarter of the CPU of a 1M-span run.
     */
    static void warmUp(String bootstrap, int partitions, Duration gap, String extraProps, String sampling, String health,
            GeneratorSettings settings,
            long spans) throws Exception {
        Preload pre = preload(bootstrap, WARMUP_INPUT, null, settings, spans);
        Path state = Harness.tempDir("tracepipe-bench-warmup-");
        String yaml = Harness.pipelineYaml(bootstrap, "tracepipe-warmup", state, partitions, WARMUP_INPUT, WARMUP_SAMPLED, gap, 10_000, 0,
                extraProps) + sampling + health;
        long start = System.nanoTime();
        try (SampledCounter counter = new SampledCounter(bootstrap, WARMUP_SAMPLED);
                PipelineRunner runner = PipelineRunner.start(ConfigLoader.parse("warmup", yaml, Map.of()))) {
            counter.start();
            if (sampling.isEmpty()) {
                counter.awaitSpans(pre.spans, Duration.ofMinutes(5), runner);
            } else {
                Harness.awaitAssembledSpans(runner, pre.spans, Duration.ofMinutes(5));
            }
        }
        Harness.deleteQuietly(state);
        log("WARMUP: %d spans through the pipeline in %.1f s", pre.spans, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Publishes generated traces (simulated time, as fast as possible) until at least {@code spans}
     * spans are out: each batch as one unkeyed record, round robin over the partitions (as a
     * Collector's exporter writes by default), and, when {@code keyedTopic} is given, the same batch
     * cut into one record per trace, keyed and placed as the exporter does with
     * {@code partition_traces_by_id: true}.
     */
    static Preload preload(String bootstrap, String topic, String keyedTopic, GeneratorSettings settings, long spans) throws Exception {
        TrafficPump pump = new TrafficPump(settings, new FaultInjector(), FaultSchedule.NONE, Instant.parse("2026-01-01T00:00:00Z"));
        OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.OTLP_PROTO);
        long records = 0;
        long keyedRecords = 0;
        long sentSpans = 0;
        long bytes = 0;
        int partitions;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, null)) {
            partitions = producer.partitionsFor(topic).size();
            List<OtlpRecord> batch = new ArrayList<>();
            while (pump.spansStarted() < spans) {
                batch.addAll(pump.startNext());
                if (batch.size() > 1000 || pump.spansStarted() >= spans) {
                    if (pump.spansStarted() >= spans) {
                        batch.addAll(pump.drain());
                    }
                    for (OtlpRecord r : batch) {
                        // round robin, no key: the spans of a trace land on several partitions, as from a Collector
                        producer.send(new ProducerRecord<>(topic, (int) (records++ % partitions), null, r.value()));
                        sentSpans += r.spanCount();
                        bytes += r.value().length;
                        if (keyedTopic != null) {
                            for (TraceFragment f : decoder.decode(r.value()).fragments()) {
                                byte[] key = CollectorPartitioner.key(f.traceId());
                                producer.send(new ProducerRecord<>(keyedTopic, CollectorPartitioner.partition(key, partitions), key, f.tracesData()));
                                keyedRecords++;
                            }
                        }
                    }
                    batch.clear();
                }
            }
            producer.flush();
        }
        return new Preload(sentSpans, records, pump.tracesStarted(), bytes, keyedRecords);
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap, String transactionalId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        } else {
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        }
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The baseline: consume every input record (read_committed) and produce it to another topic in
     * transactions that also commit the consumed offsets, committing every 100 ms as Kafka Streams
     * does under exactly_once_v2. Producer and consumer keep Kafka's defaults, as Streams does.
     * Returns the seconds from start to the last commit.
     */
    static double copyBaseline(String bootstrap, String input, String group, long expectedRecords) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long start = System.nanoTime();
        long copied = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = producer(bootstrap, group + "-tx")) {
            producer.initTransactions();
            consumer.subscribe(List.of(input));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            long lastCommit = System.nanoTime();
            boolean open = false;
            while (copied < expectedRecords || open) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    if (!open) {
                        producer.beginTransaction();
                        open = true;
                    }
                    producer.send(new ProducerRecord<>(COPY, r.partition(), r.key(), r.value()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    copied++;
                }
                if (open && (System.nanoTime() - lastCommit > 100_000_000L || copied >= expectedRecords)) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                    open = false;
                    lastCommit = System.nanoTime();
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Reads the sampled topic (read_committed) in a thread of its own; sums spans, keeps emission times per trace. */
    static final class SampledCounter implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long spans;
        private volatile long traces;
        private volatile long lateParts;
        private volatile long lastArrivalNanos;
        /** trace id hex → record timestamp of its first part, only while {@link #watch} is on */
        final Map<String, Long> emittedAt = new ConcurrentHashMap<>();
        volatile boolean watch;

        SampledCounter(String bootstrap, String topic) {
            this.consumer = Harness.committedConsumer(bootstrap, topic);
            this.thread = new Thread(this::loop, "sampled-counter");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void loop() {
            while (running) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
                if (polled.isEmpty()) {
                    continue;
                }
                long s = 0;
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    s += Harness.spansOf(r);
                    if (Harness.partOf(r) > 1) {
                        lateParts++;
                    } else if (watch) {
                        emittedAt.put(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), r.timestamp());
                    }
                }
                traces += polled.count();
                spans += s;
                lastArrivalNanos = System.nanoTime();
            }
            consumer.close();
        }

        long awaitSpans(long expected, Duration timeout, PipelineRunner runner) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastReport = System.nanoTime();
            ThreadCpu lastCpu = ThreadCpu.snapshot();
            while (spans < expected) {
                if (System.nanoTime() > deadline || runner.failure() != null) {
                    throw new IllegalStateException("pipeline did not emit " + expected + " spans (got " + spans + ")", runner.failure());
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    ThreadCpu cpu = ThreadCpu.snapshot();
                    log("  ... %d spans out, load %s; %s", spans, Harness.loadAverage(), cpu.since(lastCpu, 5));
                    lastCpu = cpu;
                    lastReport = System.nanoTime();
                }
                Thread.sleep(20);
            }
            return lastArrivalNanos;
        }

        long spans() {
            return spans;
        }

        long traces() {
            return traces;
        }

        long lateParts() {
            return lateParts;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }

    /**
     * Publishes generated traffic in real time at {@code rate} traces/s for {@code seconds}, records
     * when each trace's last record was sent, and compares with the emission timestamp of the trace.
     * Returns the p99 delay beyond the inactivity gap, in ms.
     */
    static double latency(String bootstrap, String input, SampledCounter counter, long seed, double rate, int seconds, Duration gap)
            throws Exception {
        counter.emittedAt.clear();
        counter.watch = true;
        Map<String, Long> lastSent = new HashMap<>();
        Instant begin = Instant.now();
        long measuredUntil = begin.plusSeconds(seconds).toEpochMilli();
        TrafficPump pump = new TrafficPump(GeneratorSettings.defaults(seed + 1).withTracesPerSecond(rate), new FaultInjector(),
                FaultSchedule.NONE, begin);
        long spansSent = 0;
        long records = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, null)) {
            int partitions = producer.partitionsFor(input).size();
            // Traffic goes on for a tail after the measured traces: when input stops altogether, the last traces wait
            // for the partitions to count as quiet (the idle timeout, the gap by default), which is not steady-state delay.
            Instant end = begin.plusSeconds(seconds).plus(gap.multipliedBy(2)).plusSeconds(1);
            while (Instant.now().isBefore(end)) {
                List<OtlpRecord> out = pump.advanceTo(Instant.now());
                if (Instant.now().isAfter(end)) {
                    out = new ArrayList<>(out);
                    out.addAll(pump.drain());
                }
                for (OtlpRecord r : out) {
                    long now = System.currentTimeMillis();
                    producer.send(new ProducerRecord<>(input, (int) (records++ % partitions), now, null, r.value()));
                    spansSent += r.spanCount();
                    for (String t : r.traceIdsHex()) {
                        lastSent.put(t, now);
                    }
                }
                Thread.sleep(10);
            }
            List<OtlpRecord> rest = pump.drain();
            for (OtlpRecord r : rest) {
                long now = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(input, (int) (records++ % partitions), now, null, r.value()));
                spansSent += r.spanCount();
                for (String t : r.traceIdsHex()) {
                    lastSent.put(t, now);
                }
            }
            producer.flush();
        }
        lastSent.values().removeIf(sentAt -> sentAt > measuredUntil);
        log("latency run: sent %d spans in %d records over %d s and a tail of %d ms; measured: %d traces whose last span was sent in the first %d s",
                spansSent, records, seconds, gap.multipliedBy(2).plusSeconds(1).toMillis(), lastSent.size(), seconds);
        long deadline = System.nanoTime() + gap.toNanos() + 30_000_000_000L;
        while (counter.emittedAt.size() < lastSent.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        counter.watch = false;
        List<Long> delays = new ArrayList<>();
        for (Map.Entry<String, Long> e : lastSent.entrySet()) {
            Long out = counter.emittedAt.get(e.getKey());
            if (out != null) {
                delays.add(out - e.getValue() - gap.toMillis());
            }
        }
        delays.sort(null);
        if (delays.isEmpty()) {
            log("latency: no trace came out");
            return Double.NaN;
        }
        double p50 = delays.get((int) (0.50 * (delays.size() - 1)));
        double p99 = delays.get((int) Math.ceil(0.99 * (delays.size() - 1)));
        log("LATENCY beyond the %d ms gap over %d/%d traces: min %d p50 %.0f p90 %d p99 %.0f max %d ms", gap.toMillis(), delays.size(),
                lastSent.size(), delays.get(0), p50, delays.get((int) (0.9 * (delays.size() - 1))), p99, delays.get(delays.size() - 1));
        return p99;
    }
}
