package io.tracepipe.topology.it;

import io.tracepipe.topology.cli.TracepipeCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code tracepipe run --config FILE} in a child JVM, so that a test can kill it as a crash
 * would ({@code kill -9}) and start it again on the same state directory.
 */
final class PipelineProcess implements AutoCloseable {
    private static final String RUNNING = "-> RUNNING";

    private final Process process;
    private final CountDownLatch running = new CountDownLatch(1);
    private final List<String> log = new ArrayList<>();

    private PipelineProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readLog, "pipeline-process-log");
        reader.setDaemon(true);
        reader.start();
    }

    static PipelineProcess start(Path configFile) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                TracepipeCli.class.getName(), "run", "--config", configFile.toString());
        pb.redirectErrorStream(true);
        return new PipelineProcess(pb.start());
    }

    static Path writeConfig(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("tracepipe.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    /** Waits until the streams client reports RUNNING; fails with the process's log otherwise. */
    void awaitRunning(Duration timeout) throws InterruptedException {
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("pipeline process not RUNNING within " + timeout + "; its log:\n" + log());
        }
    }

    /** SIGKILL: no shutdown hook, no commit, no clean close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    synchronized String log() {
        return String.join("\n", log);
    }

    private void readLog() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    log.add(line);
                }
                if (line.contains(RUNNING)) {
                    running.countDown();
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
