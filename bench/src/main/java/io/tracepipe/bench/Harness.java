package io.tracepipe.bench;

import io.tracepipe.topology.assembly.TraceAssembler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Small helpers shared by the harnesses: topics, counting consumers, process figures. */
final class Harness {
    private Harness() {}

    static void createTopics(String bootstrap, int partitions, String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> topics = new ArrayList<>();
            for (String n : names) {
                if (!existing.contains(n)) {
                    topics.add(new NewTopic(n, partitions, (short) 1).configs(Map.of("max.message.bytes", "16777216")));
                }
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics", e);
        }
    }

    static KafkaConsumer<byte[], byte[]> committedConsumer(String bootstrap, String topic) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }

    /** Span count of an emitted trace, from its header. */
    static int spansOf(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(TraceAssembler.HEADER_SPANS);
        return h == null ? 0 : Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8));
    }

    static int partOf(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(TraceAssembler.HEADER_PART);
        return h == null ? 1 : Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8));
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    static long rssMb() {
        return rssKb(ProcessHandle.current().pid()) / 1024;
    }

    static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }

    static long usedHeapAfterGcMb() {
        System.gc();
        return usedHeapMb();
    }

    /** CPU time of this process (all threads, broker included), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Starts a new peak of the resident set (VmHWM) at the current RSS: Linux's clear_refs "5". */
    static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            log("cannot reset the peak RSS (%s): the peak reported covers the whole process", e.getMessage());
        }
    }

    /** The peak resident set since the last {@link #resetPeakRss()} (VmHWM), in MB; the broker and harness share this process. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time of the live stream threads of the application {@code appId}, in nanoseconds. */
    static long streamThreadCpuNanos(String appId) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(appId + "-") && info.getThreadName().contains("-StreamThread-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /**
     * The pipeline's counters whose names start with one of {@code prefixes}, as its {@code /metrics}
     * shows them (e.g. why traces got late parts), one string; empty when it does not answer.
     */
    static String pipelineCounters(io.tracepipe.app.kafka.PipelineRunner runner, String... prefixes) {
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + runner.httpPort() + "/metrics");
        try {
            String text = java.net.http.HttpClient.newHttpClient()
                    .send(java.net.http.HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return java.util.Arrays.stream(text.split("\n"))
                    .filter(line -> java.util.Arrays.stream(prefixes).anyMatch(line::startsWith))
                    .collect(java.util.stream.Collectors.joining(", "));
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Waits until the pipeline has assembled {@code spans} spans (its {@code tracepipe_spans_assembled_total},
     * read from its {@code /metrics}); returns {@link System#nanoTime()} then. For runs whose sampling
     * drops traces, where the output topic cannot tell when the input is through.
     */
    static long awaitAssembledSpans(io.tracepipe.app.kafka.PipelineRunner runner, long spans, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + runner.httpPort() + "/metrics");
        double assembled = 0;
        while (System.nanoTime() < deadline && runner.failure() == null) {
            try {
                String text = http.send(java.net.http.HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                for (String line : text.split("\n")) {
                    if (line.startsWith("tracepipe_spans_assembled_total")) {
                        assembled = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
            } catch (IOException e) {
                // not serving yet
            }
            if (assembled >= spans) {
                return System.nanoTime();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("pipeline did not assemble " + spans + " spans (got " + (long) assembled + ")", runner.failure());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static long diskBytes(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp data
        }
    }

    static void log(String fmt, Object... args) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(fmt, args));
        System.out.flush();
    }

    static String arg(String[] args, String name, String dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }

    static boolean flag(String[] args, String name) {
        for (String a : args) {
            if (a.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** "k=v,k=v" from the command line as YAML lines under {@code kafka.properties}. */
    static String kafkaProperties(String commaSeparated) {
        StringBuilder yaml = new StringBuilder();
        for (String kv : commaSeparated.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                yaml.append("    ").append(kv, 0, eq).append(": \"").append(kv.substring(eq + 1)).append("\"\n");
            }
        }
        return yaml.toString();
    }

    static Duration duration(String text) {
        return Duration.parse("PT" + text.toUpperCase());
    }

    /**
     * The pipeline's YAML: the embedded broker, its own application id and state dir, larger
     * records allowed (a 10,000-span trace is more than Kafka's default 1 MB), keep-all sampling.
     */
    static String pipelineYaml(String bootstrap, String appId, Path stateDir, int partitions, String input, String sampled,
            Duration gap, int maxSpans, int httpPort, String extraProps) {
        return """
                kafka:
                  bootstrap-servers: %s
                  application-id: %s
                  state-dir: %s
                  properties:
                    producer.max.request.size: "16777216"
                %s
                topics:
                  input: %s
                  sampled-traces: %s
                  alerts: %s-alerts
                  dead-letter: %s-dlq
                  partitions: %d
                assembly:
                  inactivity-gap: %dms
                  max-spans-per-trace: %d
                  max-trace-duration: 30m
                http:
                  port: %d
                """.formatted(bootstrap, appId, stateDir, extraProps == null ? "" : extraProps, input, sampled, appId, appId,
                partitions, gap.toMillis(), maxSpans, httpPort);
    }
}
