package io.tracepipe.app.cli;

import io.tracepipe.alerting.AlertJson;
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
import io.tracepipe.app.kafka.TopicFollower;
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
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tracepipe demo}: an embedded broker, the pipeline and a generator of shop traffic with
 * scheduled faults, printing the incident page's address, the alerts, the traces worth a look and a
 * periodic summary of the rest; the logs go to a file it names. Needs nothing else installed.
 */
@Command(name = "demo", description = "Start an embedded Kafka broker, the pipeline and a traffic generator; print alerts, notable traces and the incident page's address.")
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
        Path workDir = Files.createTempDirectory("tracepipe-demo-");
        Path logFile = workDir.resolve("tracepipe-demo.log");

        out.printf("tracepipe demo: starting an embedded Kafka broker; its logs and the pipeline's go to %s%n", logFile);
        try (DemoLog log = DemoLog.toFile(logFile); EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            TracepipeConfig cfg = base.withKafka(base.kafka().withBootstrapServers(broker.bootstrapServers())
                            .withStateDir(workDir.resolve("state").toString()))
                    .withPartitions(partitions)
                    .withHttpPort(0);
            TopicCreator.createMissing(StreamsProperties.client(cfg), cfg.topics());
            out.printf("tracepipe demo: %s traces/s of shop traffic; faults: %s%n", rate, schedule);
            out.printf("tracepipe demo: a trace is complete once no span arrived for %s (assembly.inactivity-gap); "
                    + "shown here: failed or slow (>= %ds) traces, alerts, and every %ds one line about the rest%n",
                    Durations.format(cfg.assembly().inactivityGap()), DemoConsole.SLOW.toSeconds(), DemoConsole.SUMMARY_EVERY.toSeconds());

            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(stop::countDown, "tracepipe-demo-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            // Alerts link to the demo's own incident page, unless the configuration names another place.
            IntFunction<String> ownTraceUrl = cfg.alerting().traceUrl() != null ? null
                    : port -> page(port) + "#trace=" + AlertJson.TRACE_ID_PLACEHOLDER;
            try (PipelineRunner pipeline = PipelineRunner.start(cfg, ownTraceUrl);
                    SpanPublisher publisher = new SpanPublisher(StreamsProperties.client(cfg), cfg.topics().names().input())) {
                String page = page(pipeline.httpPort());
                out.printf("tracepipe demo: incident page at %s (Tempo API for Grafana on the same port; metrics at %smetrics)%n", page, page);
                out.printf("tracepipe demo: instrumentation health (try --faults \"clock-skew payment +300ms from 0s for 1m\"): "
                        + "tracepipe health --url %s%n", page);
                TrafficPump pump = new TrafficPump(GeneratorSettings.defaults(seed).withTracesPerSecond(rate), new FaultInjector(),
                        schedule, Instant.now());
                TrafficLoop traffic = new TrafficLoop(pump, publisher);
                boolean colour = CommandLine.Help.Ansi.AUTO.enabled() && out == System.out;
                DemoConsole console = new DemoConsole(out, page, pipeline.traceUrl(), colour);
                TopicFollower traces = new TopicFollower(StreamsProperties.client(cfg), cfg.topics().names().sampledTraces(), true,
                        console::trace);
                TopicFollower alerts = new TopicFollower(StreamsProperties.client(cfg), cfg.topics().names().alerts(), true,
                        console::alert);
                List<Thread> threads = List.of(new Thread(traffic, "tracepipe-demo-traffic"),
                        new Thread(traces, "tracepipe-demo-traces"), new Thread(alerts, "tracepipe-demo-alerts"));
                threads.forEach(Thread::start);

                boolean interrupted = false;
                try {
                    Instant end = Instant.now().plus(runFor);
                    while (!stop.await(Math.min(DemoConsole.SUMMARY_EVERY.toMillis(), Math.max(1, Duration.between(Instant.now(), end).toMillis())),
                            TimeUnit.MILLISECONDS) && Instant.now().isBefore(end)) {
                        console.summary();
                    }
                } catch (InterruptedException e) {
                    // stopped from outside (the thread running it was interrupted): stop as after Ctrl-C
                    interrupted = true;
                }
                traffic.stop();
                traces.stop();
                alerts.stop();
                for (Thread t : threads) {
                    t.join();
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                out.printf("tracepipe demo: %d traces assembled (%d shown) and %d alert changes printed; stopping%n",
                        console.traces(), console.shown(), console.alerts());
                return pipeline.failure() == null ? 0 : 1;
            } finally {
                removeHook(hook);
            }
        } finally {
            deleteQuietly(workDir.resolve("state"));
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook has done its job
        }
    }

    /** The incident page of the demo's pipeline, served on {@code port} of this machine. */
    private static String page(int port) {
        return "http://localhost:" + port + "/";
    }

    private static void deleteQuietly(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
