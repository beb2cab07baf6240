package io.tracepipe.redaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of the {@code redaction:} section with their lines, to report all of them at once. */
final class Problems {
    private record Problem(int line, String text) {}

    private final List<Problem> problems = new ArrayList<>();

    /** Records {@code line N: redaction.FIELD: MESSAGE} ({@code redaction: MESSAGE} when the field is null). */
    void add(Node at, String field, String message) {
        int line = lineOf(at);
        problems.add(new Problem(line, (line > 0 ? "line " + line : "line ?") + ": redaction"
                + (field == null ? "" : "." + field) + ": " + message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws the problems, sorted by line (stable, so one line's problems keep the order they were found in). */
    RedactionConfigException failure() {
        return new RedactionConfigException(
                problems.stream().sorted(Comparator.comparingInt(Problem::line)).map(Problem::text).toList());
    }

    /** The 1-based line a node starts on, or 0 when it was not read from a file. */
    static int lineOf(Node node) {
        Mark mark = node == null ? null : node.getStartMark();
        return mark == null ? 0 : mark.getLine() + 1;
    }
}
