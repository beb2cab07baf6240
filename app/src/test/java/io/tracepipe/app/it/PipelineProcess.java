package io.tracepipe.app.it;

import io.tracepipe.app.cli.TracepipeCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tracepipe run --config FILE} in a child JVM, so that a test can kill it as a crash
 * would ({@code kill -9}) and start it again on the same state directory.
 */
final class PipelineProcess implements AutoCloseable {
    private static final String RUNNING = "-> RUNNING";
    private static final Pattern HTTP_PORT = Pattern.compile("HTTP on port (\\d+)");

    private final Thread reader;
    private final Process process;
    private final CountDownLatch running = new CountDownLatch(1);
    private final List<String> log = new ArrayList<>();
    private volatile Instant runningAt;

    private PipelineProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readLog, "pipeline-process-log");
        reader.setDaemon(true);
        reader.start();
    }

    static PipelineProcess start(Path configFile) throws IOException {
        return start(configFile, "-Xmx512m");
    }

    /** Starts {@code tracepipe run} with these JVM options (e.g. a heap limit). */
    static PipelineProcess start(Path configFile, String... jvmOptions) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TracepipeCli.class.getName(), "run", "--config",
                configFile.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
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

    /** When the process first logged RUNNING (as this test read it), or null. */
    Instant runningAt() {
        return runningAt;
    }

    /** SIGKILL: no shutdown hook, no commit, no clean close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait: the shutdown hook closes the pipeline gracefully. */
    void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; its exit code, or null if it still runs after {@code timeout}. */
    /** Waits for the process to exit and its output to be read to the end; its exit code, or null if it still runs. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        reader.join(Duration.ofSeconds(10).toMillis());
        return process.exitValue();
    }

    /** The HTTP port the pipeline serves on, from its log ("HTTP on port N"); waits for it to be logged. */
    int httpPort(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (String line : lines()) {
                Matcher m = HTTP_PORT.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("pipeline process logged no HTTP port within " + timeout + "; its log:\n" + log());
    }

    /** The lines the process printed so far. */
    synchronized List<String> lines() {
        return List.copyOf(log);
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
                    if (runningAt == null) {
                        runningAt = Instant.now();
                    }
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
