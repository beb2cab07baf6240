package io.tracepipe.sampling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects configuration problems with their line, so that every one is reported at once, in file order. */
final class ConfigProblems {

    private record Problem(int line, String text) {}

    private final List<Problem> problems = new ArrayList<>();

    /** Records {@code line N: SUBJECT: FIELD: MESSAGE}, without the field when it is null. */
    void add(Node at, String subject, String field, String message) {
        int line = lineOf(at);
        problems.add(new Problem(line, (line > 0 ? "line " + line : "line ?") + ": " + subject + ": "
                + (field == null ? "" : field + ": ") + message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    int size() {
        return problems.size();
    }

    /** The problems sorted by line; stable, so the problems of one line keep the order they were found in. */
    List<String> inFileOrder() {
        return problems.stream().sorted(Comparator.comparingInt(Problem::line)).map(Problem::text).toList();
    }

    /** The 1-based line a node starts on, or 0 when it has no position (built in code, not read). */
    static int lineOf(Node node) {
        Mark mark = node == null ? null : node.getStartMark();
        return mark == null ? 0 : mark.getLine() + 1;
    }
}
