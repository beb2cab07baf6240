package io.tracepipe.app.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * The figures of one fault-injection run, appended as one line to
 * {@code target/reliability-figures.txt} (or {@code -Dreliability.figures=FILE}), where
 * docs/RELIABILITY.md takes them from; also printed.
 */
final class Figures {
    private Figures() {}

    static void record(String test, Instant started, String faults, ExactlyOnce.Tally tally, String more) {
        String line = String.format("%s %s: faults: %s; spans checked %d, lost %d, duplicated %d, records %d; %s; took %d s%n",
                Instant.now(), test, faults, tally.sent(), tally.lost(), tally.duplicated(), tally.records(), more,
                Duration.between(started, Instant.now()).toSeconds());
        System.out.print("RELIABILITY " + line);
        Path file = Path.of(System.getProperty("reliability.figures", "target/reliability-figures.txt"));
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A long-profile knob: {@code -Dreliability.NAME=N}, else the CI default. */
    static int knob(String name, int ciDefault) {
        return Integer.getInteger("reliability." + name, ciDefault);
    }
}
