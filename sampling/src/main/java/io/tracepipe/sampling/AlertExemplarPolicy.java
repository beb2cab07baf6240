package io.tracepipe.sampling;

/**
 * {@code alert_exemplar}: keeps the traces that may become an alert's exemplar, so that every
 * alert links to a trace that can be opened.
 */
final class AlertExemplarPolicy implements Policy {

    private final String name;

    AlertExemplarPolicy(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vote evaluate(CandidateTrace trace, long nowMs) {
        return Vote.of(trace.exemplarCandidate());
    }
}
