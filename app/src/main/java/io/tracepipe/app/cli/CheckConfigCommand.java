package io.tracepipe.app.cli;

import io.tracepipe.app.config.ConfigLoader;
import io.tracepipe.config.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tracepipe check-config FILE}: validates a configuration and reports every problem with its line. */
@Command(name = "check-config", description = "Validate a configuration file; print every problem with its line.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the tracepipe.yaml to check")
    Path file;

    @Override
    public Integer call() {
        try {
            ConfigLoader.load(file);
            System.out.println(file + ": OK");
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
