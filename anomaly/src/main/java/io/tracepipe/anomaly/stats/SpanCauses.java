package io.tracepipe.anomaly.stats;

import io.tracepipe.anomaly.eval.Culprit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What explains one span, as weights per service/operation: its error origin (one cause of
 * weight 1), or the self time of each operation on its critical path (nanoseconds, summing to
 * the span's duration). Causes are heaviest first, ties by service then operation.
 *
 * @param total what the weights are shares of: 1 for an error origin, the span's duration for a path
 */
public record SpanCauses(List<Cause> causes, long total) {

    /** Nothing explains the span (it did not fail, or it lasted no time). */
    public static final SpanCauses NONE = new SpanCauses(List.of(), 0);

    private static final char SEPARATOR = '\u0000';

    /** Heaviest first, then by service, then by operation. */
    public static final Comparator<Cause> HEAVIEST_FIRST = Comparator.comparingLong(Cause::weight).reversed()
            .thenComparing(Cause::service)
            .thenComparing(Cause::operation);

    /** One service/operation and how much of the span it explains. */
    public record Cause(String service, String operation, long weight) {
        public Cause {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(operation, "operation");
            if (weight <= 0) {
                throw new IllegalArgumentException("a cause weighs > 0: " + weight);
            }
        }

        /** The key of this service/operation in the window summaries. */
        public String key() {
            return SpanCauses.key(service, operation);
        }
    }

    public SpanCauses {
        causes = List.copyOf(causes);
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0: " + total);
        }
    }

    /** The heaviest cause as a culprit with its share of the total, or null when there is none. */
    public Culprit top() {
        if (causes.isEmpty() || total == 0) {
            return null;
        }
        Cause top = causes.get(0);
        return new Culprit(top.service(), top.operation(), (double) top.weight() / total);
    }

    /** The summary key of a service/operation: the two names joined by a NUL, which neither holds in practice. */
    public static String key(String service, String operation) {
        return service + SEPARATOR + operation;
    }

    /** The service of a summary key. */
    public static String serviceOf(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? key : key.substring(0, at);
    }

    /** The operation of a summary key. */
    public static String operationOf(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? "" : key.substring(at + 1);
    }
}
