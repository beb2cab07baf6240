package io.tracepipe.sampling;

import java.util.List;

/** Sampling policies that cannot be used, with every problem found, each naming its line, policy and field. */
public final class SamplingConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public SamplingConfigException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in sampling.policies:\n  " + String.join("\n  ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SamplingConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem, in file order, e.g.
     * {@code line 7: sampling.policies[2] 'slow': latency.threshold_ms: required}.
     */
    public List<String> problems() {
        return problems;
    }
}
