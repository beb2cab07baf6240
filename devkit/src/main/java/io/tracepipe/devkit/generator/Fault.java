package io.tracepipe.devkit.generator;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A fault the generator can inject into the spans of one service operation (span name), on every
 * pod of the service or on one pod only ({@link #pod()} = its {@code k8s.pod.name}).
 */
public sealed interface Fault {
    String service();

    String operation();

    /** The one pod the fault hits, or null for every pod of the service. */
    String pod();

    /** Whether the fault hits this span name on this pod. */
    default boolean matches(ServiceInstance instance, String spanName) {
        return service().equals(instance.serviceName()) && operation().equals(spanName)
                && (pod() == null || pod().equals(instance.podName()));
    }

    /** The same fault on one pod of the service only. */
    Fault onPod(String podName);

    static Latency latency(String service, String operation, Duration extra) {
        return new Latency(service, operation, extra, 1, null);
    }

    static Errors errors(String service, String operation, double probability) {
        return new Errors(service, operation, probability, null);
    }

    /**
     * The operation takes {@code extra} longer, in a {@code share} of its calls (1 for all); its
     * callers wait for it, so their spans stretch too.
     */
    record Latency(String service, String operation, Duration extra, double share, String pod) implements Fault {
        public Latency {
            requireNames(service, operation, pod);
            if (extra == null || extra.isNegative() || extra.isZero()) {
                throw new IllegalArgumentException("extra latency must be positive, was " + extra);
            }
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("share of slowed calls must be in (0, 1], was " + share);
            }
        }

        @Override
        public Latency onPod(String podName) {
            return new Latency(service, operation, extra, share, podName);
        }

        /** The same fault on only {@code fraction} of the calls: a slow tail rather than a slowdown. */
        public Latency inShare(double fraction) {
            return new Latency(service, operation, extra, fraction, pod);
        }

        /**
         * The compact form {@link FaultSchedule#parse} reads, e.g. {@code latency payment POST /charge +800ms},
         * {@code latency payment authorize card +2s 1%} or {@code latency payment POST /charge +800ms on payment-7d4b9-x2x9q}.
         */
        @Override
        public String toString() {
            return "latency " + service + " " + operation + " +" + DurationText.format(extra)
                    + (share < 1 ? " " + percentText(share) : "") + onPodText(pod);
        }
    }

    /** The operation fails with this probability (HTTP 500 for server operations); callers see the failure. */
    record Errors(String service, String operation, double probability, String pod) implements Fault {
        public Errors {
            requireNames(service, operation, pod);
            if (!(probability > 0 && probability <= 1)) {
                throw new IllegalArgumentException("error probability must be in (0, 1], was " + probability);
            }
        }

        @Override
        public Errors onPod(String podName) {
            return new Errors(service, operation, probability, podName);
        }

        /** The compact form {@link FaultSchedule#parse} reads, e.g. {@code errors inventory POST /reserve 50%}. */
        @Override
        public String toString() {
            return "errors " + service + " " + operation + " " + percentText(probability) + onPodText(pod);
        }
    }

    /** A fault of every span a service (or one pod of it) records, whatever the operation. */
    sealed interface ServiceWide extends Fault {
        @Override
        default String operation() {
            return "*";
        }

        @Override
        default boolean matches(ServiceInstance instance, String spanName) {
            return service().equals(instance.serviceName()) && (pod() == null || pod().equals(instance.podName()));
        }
    }

    /**
     * The service's outgoing HTTP calls lose the trace context: the callee's server span names a
     * parent span that is never exported (a propagator injecting the wrong context), so the callee's
     * spans arrive as orphans and the caller's client span has no server child.
     */
    record DropsContext(String service, String pod) implements ServiceWide {
        public DropsContext {
            requireNames(service, "*", pod);
        }

        @Override
        public DropsContext onPod(String podName) {
            return new DropsContext(service, podName);
        }

        /** The compact form {@link FaultSchedule#parse} reads, e.g. {@code drops-context checkout}. */
        @Override
        public String toString() {
            return "drops-context " + service + onPodText(pod);
        }
    }

    /** The service's host clock is {@code offset} ahead (negative: behind): every span it records is shifted. */
    record ClockSkew(String service, Duration offset, String pod) implements ServiceWide {
        public ClockSkew {
            requireNames(service, "*", pod);
            if (offset == null || offset.isZero()) {
                throw new IllegalArgumentException("clock offset must not be zero");
            }
        }

        @Override
        public ClockSkew onPod(String podName) {
            return new ClockSkew(service, offset, podName);
        }

        /** The compact form {@link FaultSchedule#parse} reads, e.g. {@code clock-skew payment +300ms} or {@code clock-skew payment -1s}. */
        @Override
        public String toString() {
            return "clock-skew " + service + " " + (offset.isNegative() ? "-" + DurationText.format(offset.negated())
                    : "+" + DurationText.format(offset)) + onPodText(pod);
        }
    }

    /**
     * The service's client retries every call to {@code operation}: a first attempt fails (the
     * connection is reset, no server span) and the call is sent again, marked {@code http.request.resend_count=1}.
     */
    record Retries(String service, String operation, String pod) implements Fault {
        public Retries {
            requireNames(service, operation, pod);
        }

        @Override
        public Retries onPod(String podName) {
            return new Retries(service, operation, podName);
        }

        /** The compact form {@link FaultSchedule#parse} reads, e.g. {@code retries checkout POST /charge}. */
        @Override
        public String toString() {
            return "retries " + service + " " + operation + onPodText(pod);
        }
    }

    /** The service's server spans carry a fresh request id in {@code request.id}: an attribute whose values never repeat. */
    record RequestIds(String service, String pod) implements ServiceWide {
        /** The attribute the ids go into. */
        public static final String KEY = "request.id";

        public RequestIds {
            requireNames(service, "*", pod);
        }

        @Override
        public RequestIds onPod(String podName) {
            return new RequestIds(service, podName);
        }

        /** The compact form {@link FaultSchedule#parse} reads, e.g. {@code request-ids frontend}. */
        @Override
        public String toString() {
            return "request-ids " + service + onPodText(pod);
        }
    }

    private static String percentText(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    private static String onPodText(String pod) {
        return pod == null ? "" : " on " + pod;
    }

    private static void requireNames(String service, String operation, String pod) {
        if (service == null || service.isBlank() || service.contains(" ")) {
            throw new IllegalArgumentException("service must be one word, was '" + service + "'");
        }
        if (pod != null && (pod.isBlank() || pod.contains(" "))) {
            throw new IllegalArgumentException("pod must be one word, was '" + pod + "'");
        }
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("operation must not be blank");
        }
    }
}
