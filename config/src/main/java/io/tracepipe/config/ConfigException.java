package io.tracepipe.config;

import java.util.List;

/** A configuration that cannot be used, with every problem found in it, in line order. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> located;
    private final List<String> problems;

    /**
     * @param what what was read, for the message: {@code configuration tracepipe.yaml}, {@code rules}, ...
     * @param problems at least one, in the order they are to be shown
     */
    public ConfigException(String what, List<ConfigProblem> problems) {
        super("invalid " + what + ":\n  " + String.join("\n  ", problems.stream().map(ConfigProblem::text).toList()));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.located = List.copyOf(problems);
        this.problems = located.stream().map(ConfigProblem::text).toList();
    }

    /** Every problem as shown, in line order, e.g. {@code line 3: duplicate key assembly.inactivity-gap (first at line 2)}. */
    public List<String> problems() {
        return problems;
    }

    /** Every problem with its line and column, in line order. */
    public List<ConfigProblem> located() {
        return located;
    }
}
