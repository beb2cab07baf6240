package io.tracepipe.anomaly.rules;

import java.util.List;

/** Rules that cannot be used, with every problem found, each naming its line, rule and field. */
public final class RuleException extends RuntimeException {

    private final List<String> problems;

    public RuleException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in rules:\n  " + String.join("\n  ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a RuleException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order of the file, e.g. {@code line 7: rule 'checkout-errors': window: ...}. */
    public List<String> problems() {
        return problems;
    }
}
