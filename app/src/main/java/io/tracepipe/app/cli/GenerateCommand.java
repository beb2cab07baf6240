package io.tracepipe.app.cli;

import io.tracepipe.config.Durations;
import io.tracepipe.devkit.generator.FaultInjector;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.TrafficPump;
import io.tracepipe.devkit.generator.Workload;
import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.devkit.kafka.SpanPublisher;
import io.tracepipe.app.kafka.StreamsProperties;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracepipe generate}: publishes generated OTLP spans to a topic, at a rate or a fixed count as fast as possible. */
@Command(name = "generate", description = "Publish generated OpenTelemetry shop traffic (OTLP protobuf) to a Kafka topic.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: from --config, else localhost:9092)")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE", description = "tracepipe.yaml, for the topic name and client/security properties")
    Path config;

    @Option(names = "--topic", description = "topic to publish to (default: topics.input, otlp_spans)")
    String topic;

    @Option(names = "--rate", defaultValue = "50", description = "traces per second in real time (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--traces", description = "publish exactly this many traces as fast as possible, then exit")
    Integer traces;

    @Option(names = "--duration", paramLabel = "DURATION", description = "stop after this long (real-time mode); default: until Ctrl-C")
    String duration;

    @Option(names = "--seed", defaultValue = "1", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--faults", paramLabel = "SCHEDULE", defaultValue = "none",
            description = "fault schedule, e.g. \"latency payment POST /charge +800ms from 30s for 60s\", 'demo' or 'none'")
    String faults;

    @Override
    public Integer call() throws Exception {
        TracepipeConfig cfg = config == null ? TracepipeConfig.defaults() : ConfigLoader.load(config);
        if (bootstrapServers != null) {
            cfg = cfg.withKafka(cfg.kafka().withBootstrapServers(bootstrapServers));
        }
        String target = topic != null ? topic : cfg.topics().names().input();
        FaultSchedule schedule = switch (faults.toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> FaultSchedule.NONE;
            case "demo" -> FaultSchedule.DEMO;
            default -> FaultSchedule.parse(faults);
        };
        GeneratorSettings settings = GeneratorSettings.defaults(seed).withTracesPerSecond(rate);
        try (SpanPublisher publisher = new SpanPublisher(StreamsProperties.client(cfg), target)) {
            if (traces != null) {
                publisher.publishAll(Workload.generate(settings, traces, Instant.now(), schedule));
            } else {
                TrafficLoop loop = new TrafficLoop(new TrafficPump(settings, new FaultInjector(), schedule, Instant.now()), publisher);
                Thread thread = new Thread(loop, "tracepipe-generate");
                thread.start();
                Runtime.getRuntime().addShutdownHook(new Thread(loop::stop));
                if (duration != null) {
                    thread.join(Durations.parse(duration).toMillis());
                    loop.stop();
                }
                thread.join();
            }
            System.err.printf("published %d records, %d spans to %s%n", publisher.recordsSent(), publisher.spansSent(), target);
        }
        return 0;
    }
}
