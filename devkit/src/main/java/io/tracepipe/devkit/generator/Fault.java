package io.tracepipe.devkit.generator;

import java.math.BigDecimal;
import java.time.Duration;

/** A fault the generator can inject into the spans of one service operation (span name). */
public sealed interface Fault {
    String service();

    String operation();

    default boolean matches(String serviceName, String spanName) {
        return service().equals(serviceName) && operation().equals(spanName);
    }

    static Latency latency(String service, String operation, Duration extra) {
        return new Latency(service, operation, extra);
    }

    static Errors errors(String service, String operation, double probability) {
        return new Errors(service, operation, probability);
    }

    /** The operation takes {@code extra} longer; its callers wait for it, so their spans stretch too. */
    record Latency(String service, String operation, Duration extra) implements Fault {
        public Latency {
            requireNames(service, operation);
            if (extra == null || extra.isNegative() || extra.isZero()) {
                throw new IllegalArgumentException("extra latency must be positive, was " + extra);
            }
        }

        /** The compact form {@link FaultSchedule#parse} reads, e.g. {@code latency payment POST /charge +800ms}. */
        @Override
        public String toString() {
            return "latency " + service + " " + operation + " +" + DurationText.format(extra);
        }
    }

    /** The operation fails with this probability (HTTP 500 for server operations); callers see the failure. */
    record Errors(String service, String operation, double probability) implements Fault {
        public Errors {
            requireNames(service, operation);
            if (!(probability > 0 && probability <= 1)) {
                throw new IllegalArgumentException("error probability must be in (0, 1], was " + probability);
            }
        }

        /** The compact form {@link FaultSchedule#parse} reads, e.g. {@code errors inventory POST /reserve 50%}. */
        @Override
        public String toString() {
            String percent = BigDecimal.valueOf(probability).movePointRight(2).stripTrailingZeros().toPlainString();
            return "errors " + service + " " + operation + " " + percent + "%";
        }
    }

    private static void requireNames(String service, String operation) {
        if (service == null || service.isBlank() || service.contains(" ")) {
            throw new IllegalArgumentException("service must be one word, was '" + service + "'");
        }
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("operation must not be blank");
        }
    }
}
