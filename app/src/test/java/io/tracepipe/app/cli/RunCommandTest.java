package io.tracepipe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    void anUnreachableBrokerStopsTheStartWithOneLineNamingTheAddressTheSettingAndTheCause() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("tracepipe.yaml"), """
                kafka:
                  bootstrap-servers: 127.0.0.1:%d
                  state-dir: %s
                http:
                  port: -1
                """.formatted(closed, dir.resolve("state")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TracepipeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("run", "--config", config.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "tracepipe: cannot start: cannot reach Kafka at 127.0.0.1:" + closed + " (kafka.bootstrap-servers): connection refused");
        assertThat(out.toString()).isEmpty();
    }
}
