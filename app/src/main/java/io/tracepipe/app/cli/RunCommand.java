package io.tracepipe.app.cli;

import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.app.config.TracepipeConfig;
import io.tracepipe.app.kafka.PipelineRunner;
import io.tracepipe.config.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tracepipe run --config FILE}: the pipeline against the configured Kafka cluster, until stopped. */
@Command(name = "run", description = "Run the pipeline against the configured Kafka cluster.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "tracepipe.yaml")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TracepipeConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        PipelineRunner runner;
        try {
            runner = PipelineRunner.start(cfg);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println(StartFailure.describe(e, cfg.kafka().bootstrapServers()));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "tracepipe-shutdown"));
        runner.awaitStop();
        return runner.failure() == null ? 0 : 1;
    }
}
