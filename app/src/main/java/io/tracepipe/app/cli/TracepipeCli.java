package io.tracepipe.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tracepipe} command line. */
@Command(name = "tracepipe", mixinStandardHelpOptions = true, version = "tracepipe 0.1.0",
        description = "Assembles OpenTelemetry spans from Kafka into whole traces.",
        subcommands = {DemoCommand.class, RunCommand.class, GenerateCommand.class, AlertsCommand.class, CheckConfigCommand.class,
            HealthCommand.class})
public final class TracepipeCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new TracepipeCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
