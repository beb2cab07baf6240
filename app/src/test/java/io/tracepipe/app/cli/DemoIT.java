package io.tracepipe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's run command: {@code tracepipe demo} needs nothing else and prints assembled traces. */
class DemoIT {

    @Test
    void demoPrintsAssembledTracesOnItsOwn() throws Exception {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--duration", "40s", "--rate", "10");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            exit = demo.run(out, Duration.ofSeconds(40));
        }
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> traces = lines.stream().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d  trace [0-9a-f]{32}  .*")).toList();

        assertThat(exit).isZero();
        assertThat(traces).as("trace lines in:%n%s", String.join("\n", lines)).isNotEmpty();
        assertThat(traces).anySatisfy(l -> assertThat(l).contains("frontend").contains(" spans "));
        assertThat(lines.get(lines.size() - 1)).contains(traces.size() + " traces and ");
    }
}
