package io.tracepipe.redaction;

import java.util.List;

/** An invalid {@code redaction:} section: every problem found, each as {@code line N: redaction.FIELD: message}. */
public final class RedactionConfigException extends RuntimeException {
    private final List<String> problems;

    RedactionConfigException(List<String> problems) {
        super("invalid redaction configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems in file order. */
    public List<String> problems() {
        return problems;
    }
}
