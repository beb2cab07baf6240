package io.tracepipe.app.cli;

import java.io.PrintStream;
import java.time.Duration;
import picocli.CommandLine;

/** Runs {@code tracepipe demo} with these arguments, printing to {@code out} (for tests and embedding). */
public final class DemoRunner {
    private DemoRunner() {}

    public static int run(PrintStream out, Duration defaultDuration, String... args) throws Exception {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs(args);
        return demo.run(out, defaultDuration);
    }
}
