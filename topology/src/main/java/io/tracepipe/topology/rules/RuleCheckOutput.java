package io.tracepipe.topology.rules;

import io.tracepipe.topology.assembly.AssembledTrace;

/**
 * What the rule check emits: an assembled trace passed on to sampling (flagged when one of its
 * spans may become an alert exemplar), or a partial of rule statistics on its way to be judged.
 */
public record RuleCheckOutput(AssembledTrace trace, boolean exemplarCandidate, WindowPartial partial) {
    public static RuleCheckOutput of(AssembledTrace trace, boolean exemplarCandidate) {
        return new RuleCheckOutput(trace, exemplarCandidate, null);
    }

    static RuleCheckOutput of(WindowPartial partial) {
        return new RuleCheckOutput(null, false, partial);
    }

    public boolean isPartial() {
        return partial != null;
    }
}
