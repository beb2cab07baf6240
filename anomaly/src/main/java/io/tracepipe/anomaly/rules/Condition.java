package io.tracepipe.anomaly.rules;

import io.tracepipe.anomaly.health.HealthMetric;
import java.time.Duration;
import java.util.Objects;

/** What a rule checks over each window of its matching spans; a rule has exactly one. */
public sealed interface Condition {

    /**
     * The duration above which a span counts as slow for this condition, in nanoseconds, or -1 when
     * the condition does not count slow spans.
     */
    default long slowThresholdNanos() {
        return -1;
    }

    /**
     * The duration beyond which a span is bad for this condition, in nanoseconds: the bound of a
     * {@code latency} or {@code slow_spans} condition; -1 when the condition has no fixed bound
     * (errors, and baselines, whose bad spans are the tail of the window).
     */
    default long badLatencyNanos() {
        return -1;
    }

    /** Breaches when the fraction of errored spans is above {@code above} (in (0, 1]). */
    record ErrorRate(double above) implements Condition {
        public ErrorRate {
            if (!(above > 0 && above <= 1)) {
                throw new IllegalArgumentException("error rate bound must be in (0, 1]: " + above);
            }
        }
    }

    /** Breaches when the window's {@code percentile} of span durations is above {@code above}. */
    record Latency(Percentile percentile, Duration above) implements Condition {
        public Latency {
            Objects.requireNonNull(percentile, "percentile");
            requirePositive(above);
        }

        @Override
        public long badLatencyNanos() {
            return above.toNanos();
        }
    }

    /**
     * Breaches when more than {@code limit} spans (mode COUNT), or more than a {@code limit} fraction
     * of the spans (mode FRACTION), take longer than {@code above}.
     */
    record SlowSpans(Duration above, Mode mode, double limit) implements Condition {
        /** Whether the limit is a number of spans or a fraction of them. */
        public enum Mode { COUNT, FRACTION }

        public SlowSpans {
            requirePositive(above);
            Objects.requireNonNull(mode, "mode");
            if (mode == Mode.COUNT && !(limit >= 0 && limit == Math.rint(limit))) {
                throw new IllegalArgumentException("slow span count must be a whole number >= 0: " + limit);
            }
            if (mode == Mode.FRACTION && !(limit > 0 && limit <= 1)) {
                throw new IllegalArgumentException("slow span fraction must be in (0, 1]: " + limit);
            }
        }

        @Override
        public long slowThresholdNanos() {
            return above.toNanos();
        }

        @Override
        public long badLatencyNanos() {
            return above.toNanos();
        }
    }

    /**
     * Breaches when the window's {@code metric} is above what was learned from earlier windows:
     * {@code mean + sensitivity × deviation}, and at least {@code mean + minDelta}; never before
     * {@code warmup} windows were learned.
     *
     * @param minDelta the smallest breach worth an alert, in the metric's unit: seconds for
     *     {@code p95_latency} (written as a duration in rules), a fraction for {@code error_rate}
     * @param alpha the weight of each new window in the moving averages, in (0, 1]
     */
    record Baseline(BaselineMetric metric, double sensitivity, int warmup, double alpha, double minDelta) implements Condition {
        public Baseline {
            Objects.requireNonNull(metric, "metric");
            if (!(sensitivity > 0)) {
                throw new IllegalArgumentException("sensitivity must be > 0: " + sensitivity);
            }
            if (warmup < 1) {
                throw new IllegalArgumentException("warmup must be >= 1: " + warmup);
            }
            if (!(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha must be in (0, 1]: " + alpha);
            }
            if (!(minDelta >= 0)) {
                throw new IllegalArgumentException("min_delta must be >= 0: " + minDelta);
            }
        }
    }

    /**
     * Breaches when the share of matching spans an instrumentation check flagged (orphans, skewed
     * spans, retried calls) is above {@code above} (in (0, 1]); those spans are the rule's bad spans.
     */
    record Instrumentation(HealthMetric metric, double above) implements Condition {
        public Instrumentation {
            Objects.requireNonNull(metric, "metric");
            if (!(above > 0 && above <= 1)) {
                throw new IllegalArgumentException(metric.key() + " bound must be in (0, 1]: " + above);
            }
        }
    }

    /** Breaches when the matching spans carry more than {@code above} distinct values of the attribute {@code key} in a window. */
    record AttributeCardinality(String key, long above) implements Condition {
        public AttributeCardinality {
            Objects.requireNonNull(key, "key");
            if (key.isBlank()) {
                throw new IllegalArgumentException("attribute key must not be blank");
            }
            if (above < 1) {
                throw new IllegalArgumentException("distinct value bound must be >= 1: " + above);
            }
        }
    }

    private static void requirePositive(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be > 0: " + d);
        }
    }
}
