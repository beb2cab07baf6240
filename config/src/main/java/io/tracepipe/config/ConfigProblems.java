package io.tracepipe.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The problems found while reading a configuration, collected so that all of them are reported at
 * once, sorted by line and column. Each is shown as {@code line N: WHERE: MESSAGE}.
 */
public final class ConfigProblems {

    private final List<ConfigProblem> problems = new ArrayList<>();

    /** Records {@code line N: WHERE: MESSAGE} at the node's position ({@code line ?} when it has none). */
    public void add(Node at, Place where, String message) {
        String location = where == null ? null : where.location();
        add(at, (location == null ? "" : location + ": ") + message);
    }

    /** Records {@code line N: TEXT} at the node's position. */
    public void add(Node at, String text) {
        int line = lineOf(at);
        problems.add(new ConfigProblem(line, columnOf(at), (line > 0 ? "line " + line : "line ?") + ": " + text));
    }

    /** Records a problem that has no place in the file (a value from the environment, an unreadable file), shown first. */
    public void addUnplaced(String text) {
        problems.add(new ConfigProblem(0, 0, text));
    }

    /** Takes over the problems of a section read on its own, with their places. */
    public void addAll(ConfigException e) {
        problems.addAll(e.located());
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** How many problems were reported, counting a repeated one each time: readers compare it before and after. */
    public int size() {
        return problems.size();
    }

    /**
     * The problems by line, then column; problems at the same place keep the order they were found
     * in. A problem reported twice (a node read twice through a YAML alias or merge key) is shown once.
     */
    public List<ConfigProblem> inLineOrder() {
        return problems.stream().distinct()
                .sorted(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column))
                .toList();
    }

    /**
     * @param what what was read, for the exception's message, e.g. {@code rules}
     * @throws ConfigException with every problem, when there is any
     */
    public void throwIfAny(String what) {
        if (!problems.isEmpty()) {
            throw failure(what);
        }
    }

    /** The exception holding every problem, to throw when some are known to have been found. */
    public ConfigException failure(String what) {
        return new ConfigException(what, inLineOrder());
    }

    /** The 1-based line a node starts on, or 0 when it has no position (built in code, not read). */
    public static int lineOf(Node node) {
        Mark mark = node == null ? null : node.getStartMark();
        return mark == null ? 0 : mark.getLine() + 1;
    }

    private static int columnOf(Node node) {
        Mark mark = node == null ? null : node.getStartMark();
        return mark == null ? 0 : mark.getColumn() + 1;
    }
}
