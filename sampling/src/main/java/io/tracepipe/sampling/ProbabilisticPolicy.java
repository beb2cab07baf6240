package io.tracepipe.sampling;

import java.math.BigDecimal;
import java.util.function.Predicate;

/**
 * {@code probabilistic}: keeps a share of the traces, decided on the trace id alone, so every
 * instance and every replay agrees. Without a {@code hash_salt} the rule is the OpenTelemetry
 * SDK's {@code TraceIdRatioBased} sampler ({@link TraceIdRatioRule}): tail sampling at 10 % keeps
 * exactly the traces an SDK sampling at 0.1 would have. With a salt it is the Collector's salted
 * FNV-1a hash ({@link SaltedHashRule}).
 */
final class ProbabilisticPolicy implements Policy {

    private final String name;
    private final Predicate<byte[]> rule;

    private ProbabilisticPolicy(String name, Predicate<byte[]> rule) {
        this.name = name;
        this.rule = rule;
    }

    /**
     * @param percentage in [0, 100]
     * @param hashSalt null for the SDK's ratio rule
     */
    static ProbabilisticPolicy create(String name, BigDecimal percentage, String hashSalt) {
        if (percentage.signum() < 0 || percentage.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("sampling_percentage must be in [0, 100], not " + percentage);
        }
        if (hashSalt == null) {
            // exact decimal arithmetic: 0.1 % becomes the double nearest 0.001, the same double an
            // SDK configured with ratio 0.001 holds
            return new ProbabilisticPolicy(name, new TraceIdRatioRule(percentage.movePointLeft(2).doubleValue()));
        }
        // the Collector divides the float64 percentage by 100; do the same for identical thresholds
        return new ProbabilisticPolicy(name, new SaltedHashRule(hashSalt, percentage.doubleValue() / 100));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vote evaluate(CandidateTrace trace, long nowMs) {
        return Vote.of(rule.test(trace.traceIdBytes()));
    }
}
