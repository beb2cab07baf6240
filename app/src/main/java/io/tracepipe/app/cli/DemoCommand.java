package io.tracepipe.app.cli;

import io.tracepipe.config.Durations;
import io.tracepipe.devkit.generator.FaultInjector;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.TrafficPump;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.devkit.kafka.EmbeddedKafkaBroker;
import io.tracepipe.app.kafka.PipelineRunner;
import io.tracepipe.devkit.kafka.SpanPublisher;
import io.tracepipe.app.kafka.StreamsProperties;
import io.tracepipe.app.kafka.TopicCreator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tracepipe demo}: an embedded broker, the pipeline and a generator of shop traffic with
 * scheduled faults, printing one line per assembled trace and per alert. Needs nothing else installed.
 */
@Command(name = "demo", description = "Start an embedded Kafka broker, the pipeline and a traffic generator; print assembled traces.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--rate", defaultValue = "5", description = "traces started per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", paramLabel = "DURATION", description = "stop after this long (e.g. 90s); default: until Ctrl-C")
    String duration;

    @Option(names = "--seed", defaultValue = "1", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--faults", paramLabel = "SCHEDULE",
            description = "fault schedule, or 'none' (default: latency on payment POST /charge, then errors on inventory POST /reserve)")
    String faults;

    @Option(names = "--partitions", defaultValue = "3", description = "partitions of the span topic (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--config", paramLabel = "FILE", description = "optional tracepipe.yaml (assembly settings, rules, Alertmanager)")
    Path config;

    @Override
    public Integer call() throws Exception {
        return run(System.out, Duration.ofDays(3650));
    }

    /** Runs the demo, printing to {@code out}; returns when the duration has passed or the process is stopped. */
    int run(PrintStream out, Duration defaultDuration) throws Exception {
        Duration runFor = duration == null ? defaultDuration : Durations.parse(duration);
        FaultSchedule schedule = faults == null ? FaultSchedule.DEMO
                : faults.equalsIgnoreCase("none") ? FaultSchedule.NONE : FaultSchedule.parse(faults);
        TracepipeConfig base = config == null ? TracepipeConfig.defaults() : ConfigLoader.load(config);
        Path stateDir = Files.createTempDirectory("tracepipe-demo-state-");

        out.println("tracepipe demo: starting an embedded Kafka broker...");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            TracepipeConfig cfg = base.withKafka(base.kafka().withBootstrapServers(broker.bootstrapServers()).withStateDir(stateDir.toString()))
                    .withPartitions(partitions)
                    .withHttpPort(0);
            TopicCreator.createMissing(StreamsProperties.client(cfg), cfg.topics());
            out.printf("tracepipe demo: broker at %s; %s traces/s of shop traffic; faults: %s%n", broker.bootstrapServers(), rate, schedule);
            out.printf("tracepipe demo: a trace is printed once no span arrived for %s (assembly.inactivity-gap)%n",
                    Durations.format(cfg.assembly().inactivityGap()));

            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(stop::countDown, "tracepipe-demo-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (PipelineRunner pipeline = PipelineRunner.start(cfg);
                    SpanPublisher publisher = new SpanPublisher(StreamsProperties.client(cfg), cfg.topics().names().input())) {
                out.printf("tracepipe demo: metrics at http://localhost:%d/metrics%n", pipeline.httpPort());
                TrafficPump pump = new TrafficPump(GeneratorSettings.defaults(seed).withTracesPerSecond(rate), new FaultInjector(),
                        schedule, Instant.now());
                TrafficLoop traffic = new TrafficLoop(pump, publisher);
                boolean colour = CommandLine.Help.Ansi.AUTO.enabled() && out == System.out;
                TopicFollower traces = new TopicFollower(StreamsProperties.client(cfg), cfg.topics().names().sampledTraces(), true,
                        rec -> out.println(TraceLine.format(rec)));
                TopicFollower alerts = new TopicFollower(StreamsProperties.client(cfg), cfg.topics().names().alerts(), true,
                        rec -> out.println("ALERT " + AlertsCommand.line(rec, colour)));
                List<Thread> threads = List.of(new Thread(traffic, "tracepipe-demo-traffic"),
                        new Thread(traces, "tracepipe-demo-traces"), new Thread(alerts, "tracepipe-demo-alerts"));
                threads.forEach(Thread::start);

                stop.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
                traffic.stop();
                traces.stop();
                alerts.stop();
                for (Thread t : threads) {
                    t.join();
                }
                out.printf("tracepipe demo: %d traces and %d alerts printed; stopping%n", traces.handled(), alerts.handled());
                return pipeline.failure() == null ? 0 : 1;
            } finally {
                removeHook(hook);
            }
        } finally {
            deleteQuietly(stateDir);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook has done its job
        }
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
