package io.tracepipe.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code composite}: sub-policies in {@code policy_order}, each with its share of
 * {@code max_total_spans_per_second}. A trace is kept by the first sub-policy, in that order, that
 * samples it and whose share and the composite's total still fit the trace's spans in the current
 * second; the vote is named {@code composite/sub-policy}. A sub-policy that samples a trace but
 * has spent its share lets the next ones try (the Collector returns "not sampled" there, a
 * behaviour reported as a bug, open-telemetry/opentelemetry-collector-contrib#36959), and the
 * sub-policies after the one that keeps the trace are not evaluated, so they spend nothing.
 */
final class CompositePolicy implements Policy {

    /** One sub-policy and its share of the composite's spans per second. */
    record Share(Policy policy, long spansPerSecond) {}

    private final String name;
    private final long maxTotalSpansPerSecond;
    private final List<Share> shares;
    private final List<SecondBudget> budgets = new ArrayList<>();
    private final SecondBudget total = new SecondBudget();

    /** @param shares in evaluation order ({@code policy_order}) */
    CompositePolicy(String name, long maxTotalSpansPerSecond, List<Share> shares) {
        if (maxTotalSpansPerSecond <= 0 || shares.isEmpty()) {
            throw new IllegalArgumentException("composite needs a positive total and at least one sub-policy");
        }
        this.name = name;
        this.maxTotalSpansPerSecond = maxTotalSpansPerSecond;
        this.shares = List.copyOf(shares);
        for (int i = 0; i < shares.size(); i++) {
            budgets.add(new SecondBudget());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vote evaluate(CandidateTrace trace, long nowMs) {
        return evaluateNamed(trace, nowMs).vote();
    }

    @Override
    public synchronized PolicyVote evaluateNamed(CandidateTrace trace, long nowMs) {
        total.startSecondOf(nowMs);
        long spans = trace.spanCount();
        for (int i = 0; i < shares.size(); i++) {
            Share share = shares.get(i);
            SecondBudget budget = budgets.get(i);
            budget.startSecondOf(nowMs);
            if (!share.policy().evaluate(trace, nowMs).samples()) {
                continue;
            }
            // the total is checked too: sub-policies without an allocation get an equal share
            // each, which can add up to more than the total
            if (budget.fits(spans, share.spansPerSecond()) && total.fits(spans, maxTotalSpansPerSecond)) {
                budget.trySpend(spans, share.spansPerSecond());
                total.trySpend(spans, maxTotalSpansPerSecond);
                return new PolicyVote(Vote.SAMPLED, voterName(share.policy()));
            }
        }
        return new PolicyVote(Vote.NOT_SAMPLED, name);
    }

    @Override
    public List<String> voterNames() {
        List<String> names = new ArrayList<>();
        names.add(name);
        shares.forEach(s -> names.add(voterName(s.policy())));
        return List.copyOf(names);
    }

    private String voterName(Policy sub) {
        return name + "/" + sub.name();
    }

    /** The spans-per-second share of each sub-policy, in evaluation order (for tests and diagnostics). */
    List<Share> shares() {
        return shares;
    }
}
