package io.tracepipe.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process's threads (Java and native, e.g. RocksDB's), grouped by thread name
 * with digits folded, from {@code /proc/self/task/<tid>/stat}: where a run's CPU went.
 */
final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Map<String, Long> ticksByThread;

    private ThreadCpu(Map<String, Long> ticksByThread) {
        this.ticksByThread = ticksByThread;
    }

    static ThreadCpu snapshot() {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    String[] rest = stat.substring(close + 2).split(" ");
                    // after "pid (comm) ": state is field 3, utime 14, stime 15 → indexes 11 and 12 here
                    long t = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
                    ticks.put(task.getFileName() + ":" + name, t);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(ticks);
    }

    /** CPU seconds per thread group spent between {@code before} and this snapshot, largest first. */
    String since(ThreadCpu before, int top) {
        Map<String, Double> byGroup = new HashMap<>();
        double total = 0;
        for (Map.Entry<String, Long> e : ticksByThread.entrySet()) {
            long delta = e.getValue() - before.ticksByThread.getOrDefault(e.getKey(), 0L);
            if (delta <= 0) {
                continue;
            }
            String group = e.getKey().substring(e.getKey().indexOf(':') + 1).replaceAll("[0-9a-f]{8}-[0-9a-f-]+", "").replaceAll("[0-9]+", "#");
            byGroup.merge(group, delta / TICKS_PER_SECOND, Double::sum);
            total += delta / TICKS_PER_SECOND;
        }
        StringBuilder out = new StringBuilder(String.format("thread CPU %.1f s:", total));
        TreeMap<Double, String> sorted = new TreeMap<>(java.util.Comparator.reverseOrder());
        byGroup.forEach((g, s) -> sorted.merge(s, g, (a, b) -> a + "," + b));
        int shown = 0;
        for (Map.Entry<Double, String> e : sorted.entrySet()) {
            if (shown++ == top) {
                break;
            }
            out.append(String.format(" %s %.1f s (%.0f%%);", e.getValue(), e.getKey(), 100 * e.getKey() / total));
        }
        return out.toString();
    }
}
