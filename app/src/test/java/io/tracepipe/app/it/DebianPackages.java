package io.tracepipe.app.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Installs Debian packages a test needs when their binaries are missing, as {@code .ci/run} does. */
final class DebianPackages {
    private DebianPackages() {}

    /** Makes sure {@code binary} exists, installing {@code packages} with apt-get (sudo when not root) if it does not. */
    static void ensure(Path binary, String... packages) throws IOException, InterruptedException {
        if (Files.isExecutable(binary)) {
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        run(root, "apt-get", "update", "-qq");
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq"));
        install.addAll(List.of(packages));
        run(root, install.toArray(String[]::new));
        if (!Files.isExecutable(binary)) {
            throw new AssertionError(binary + " is still missing after apt-get install " + String.join(" ", packages));
        }
    }

    private static void run(boolean root, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (!root) {
            full.add("sudo");
        }
        full.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", full) + " failed");
        }
    }
}
