package io.tracepipe.anomaly.rules;

import org.yaml.snakeyaml.nodes.Node;

/** The problems of one rule: every message names the rule, as {@code rule 'NAME'} or {@code rule #N} before its name is known. */
final class RuleProblems {

    private final Problems problems;
    private String subject;

    RuleProblems(Problems problems, int position) {
        this.problems = problems;
        this.subject = "rule #" + position;
    }

    /** From now on, name the rule by its name. */
    void nameRule(String name) {
        this.subject = "rule '" + name + "'";
    }

    void add(Node at, String field, String message) {
        problems.add(at, subject, field, message);
    }

    int count() {
        return problems.size();
    }
}
