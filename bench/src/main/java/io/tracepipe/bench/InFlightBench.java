package io.tracepipe.bench;

import static io.tracepipe.bench.Harness.log;

import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * State, not heap: {@code --traces} (1,000,000) small traces in flight at once (a 10-minute gap,
 * so none completes) in a pipeline child JVM with {@code -Xmx512m}; reports the child's heap,
 * RSS and state directory once every span is stored.
 *
 * <pre>bench/run InFlightBench [--traces 1000000] [--size 2] [--xmx 512m]</pre>
 */
public final class InFlightBench {
    public static void main(String[] args) throws Exception {
        long traces = Long.parseLong(Harness.arg(args, "--traces", "1000000"));
        int size = Integer.parseInt(Harness.arg(args, "--size", "2"));
        String xmx = Harness.arg(args, "--xmx", "512m");
        int partitions = 4;
        String app = "inflight";
        Path work = Harness.tempDir("tracepipe-bench-inflight-");
        Path state = work.resolve("state");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of("message.max.bytes", "16777216"))) {
            String bootstrap = broker.bootstrapServers();
            String input = "inflight-in";
            Harness.createTopics(bootstrap, partitions, input, "inflight-out");
            long[] sent = {0};
            try (KafkaProducer<byte[], byte[]> producer = EndToEndBench.producer(bootstrap, null)) {
                SyntheticTraces.generate(7, traces, size, 250, 1_760_000_000_000_000_000L,
                        v -> producer.send(new ProducerRecord<>(input, (int) (sent[0]++ % partitions), null, v)));
                producer.flush();
            }
            log("preloaded %d traces of %d spans in %d records", traces, size, sent[0]);
            Path config = work.resolve("tracepipe.yaml");
            Files.writeString(config, Harness.pipelineYaml(bootstrap, app, state, partitions, input, "inflight-out",
                    Duration.ofMinutes(10), 10_000, -1, null));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + xmx, "-cp", System.getProperty("java.class.path"), "io.tracepipe.app.cli.TracepipeCli", "run",
                    "--config", config.toString()));
            log("load before child start: %s; %s", Harness.loadAverage(), String.join(" ", cmd.subList(0, 2)));
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("child.log").toFile()).start();
            long pid = child.pid();
            long start = System.nanoTime();
            long maxRss = 0;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                while (true) {
                    if (!child.isAlive()) {
                        throw new IllegalStateException("the pipeline JVM died (exit " + child.exitValue() + "), see " + work.resolve("child.log"));
                    }
                    maxRss = Math.max(maxRss, Harness.rssKb(pid));
                    long lag = lag(admin, app, List.of(input, app + "-spans-by-trace-repartition"), partitions);
                    if (lag == 0) {
                        break;
                    }
                    if (System.nanoTime() - start > Duration.ofMinutes(8).toNanos()) {
                        throw new IllegalStateException("not caught up after 8 minutes, lag " + lag);
                    }
                    Thread.sleep(2000);
                }
                double secs = (System.nanoTime() - start) / 1e9;
                log("all %d spans stored after %.1f s (from child start); load %s", traces * size, secs, Harness.loadAverage());
                Thread.sleep(3000);
                String heapBefore = jcmd(pid, "GC.heap_info");
                jcmd(pid, "GC.run");
                String heapAfter = jcmd(pid, "GC.heap_info");
                long rss = Harness.rssKb(pid);
                maxRss = Math.max(maxRss, rss);
                long disk = Harness.diskBytes(state);
                boolean alive = child.isAlive();
                System.out.println("heap before GC: " + firstLines(heapBefore));
                System.out.println("heap after GC: " + firstLines(heapAfter));
                System.out.printf("INFLIGHT traces=%d spans=%d xmx=%s heap_used_mb=%d heap_used_after_gc_mb=%d rss_mb=%d max_rss_mb=%d state_mb=%.1f alive=%s oom=%s load=\"%s\"%n",
                        traces, traces * size, xmx, usedKb(heapBefore) / 1024, usedKb(heapAfter) / 1024, rss / 1024, maxRss / 1024,
                        disk / 1e6, alive, Files.readString(work.resolve("child.log")).contains("OutOfMemoryError"), Harness.loadAverage());
            } finally {
                child.destroy();
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        } finally {
            Harness.deleteQuietly(work);
        }
        System.exit(0);
    }

    /** Sum over the topics' partitions of end offset minus the group's committed offset (missing commit = whole partition). */
    static long lag(Admin admin, String group, List<String> topics, int partitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (String t : topics) {
            for (int p = 0; p < partitions; p++) {
                ask.put(new TopicPartition(t, p), OffsetSpec.latest());
            }
        }
        long lag = 0;
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(ask).all().get();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long end = e.getValue().offset();
                // a transactional topic's end offset includes the commit marker
                lag += Math.max(0, end - (c == null ? 0 : c.offset()) - (c == null || end == c.offset() ? 0 : 1));
            }
        } catch (java.util.concurrent.ExecutionException notYetCreated) {
            return Long.MAX_VALUE;
        }
        return lag;
    }

    static String jcmd(long pid, String what) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), what)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    static long usedKb(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String firstLines(String s) {
        String[] lines = s.split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, 0, Math.min(3, lines.length))).replaceAll("\\s+", " ");
    }

    @SuppressWarnings("unused")
    private static final String SEP = File.pathSeparator;
}
