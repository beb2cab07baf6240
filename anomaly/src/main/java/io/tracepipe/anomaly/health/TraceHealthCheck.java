package io.tracepipe.anomaly.health;

import io.tracepipe.anomaly.model.SpanKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks one whole trace for broken instrumentation: orphans and extra roots (lost context),
 * children outside their cross-service parent (clock skew) and retried calls. One pass to index
 * the spans by id and by parent, then one pass per check; linear in the spans (the retry check
 * sorts each parent's calls to one operation).
 */
public final class TraceHealthCheck {
    private static final String UNKNOWN = "unknown";
    private static final Comparator<HealthSpan> BY_START = Comparator.comparingLong(HealthSpan::startNanos)
            .thenComparingLong(HealthSpan::endNanos).thenComparing(HealthSpan::spanId);

    private final long toleranceNanos;

    /** @param skewTolerance how far a child may stick out of its parent before its clock counts as skewed */
    public TraceHealthCheck(Duration skewTolerance) {
        Objects.requireNonNull(skewTolerance, "skewTolerance");
        if (skewTolerance.isNegative()) {
            throw new IllegalArgumentException("skew tolerance must be >= 0: " + skewTolerance);
        }
        this.toleranceNanos = skewTolerance.toNanos();
    }

    public TraceHealth check(HealthTrace trace) {
        Map<String, HealthSpan> byId = new HashMap<>(trace.spans().size() * 2);
        Map<String, List<HealthSpan>> children = new HashMap<>();
        for (HealthSpan span : trace.spans()) {
            byId.put(span.spanId(), span);
            if (!span.isRoot()) {
                children.computeIfAbsent(span.parentSpanId(), p -> new ArrayList<>(2)).add(span);
            }
        }
        List<Findings.Orphan> orphans = new ArrayList<>(0);
        List<HealthSpan> roots = new ArrayList<>(1);
        List<Findings.Skew> skews = new ArrayList<>(0);
        LostCalls lost = null;
        for (HealthSpan span : trace.spans()) {
            if (span.isRoot()) {
                roots.add(span);
                continue;
            }
            HealthSpan parent = byId.get(span.parentSpanId());
            if (parent == null) {
                if (lost == null) {
                    lost = new LostCalls(trace, children);
                }
                orphans.add(new Findings.Orphan(span.spanId(), span.service(), span.operation(), lost.callerOf(span)));
            } else {
                Findings.Skew skew = skew(parent, span);
                if (skew != null) {
                    skews.add(skew);
                }
            }
        }
        return new TraceHealth(trace.traceId(), orphans, extraRoots(roots), skews, retries(children));
    }

    /**
     * The outgoing spans of a trace that have no child: the calls whose context may have been lost,
     * indexed once per trace by the callee they name, so each orphan is attributed in constant time.
     */
    private static final class LostCalls {
        private final Map<String, Set<String>> callersByPeer = new HashMap<>();
        private final Map<String, Set<String>> callersByDestination = new HashMap<>();
        private final Set<String> callers = new LinkedHashSet<>();
        private int count;

        LostCalls(HealthTrace trace, Map<String, List<HealthSpan>> children) {
            for (HealthSpan span : trace.spans()) {
                if (!span.isOutgoing() || children.containsKey(span.spanId())) {
                    continue;
                }
                count++;
                callers.add(span.service());
                if (span.peerService() != null) {
                    callersByPeer.computeIfAbsent(span.peerService(), p -> new LinkedHashSet<>()).add(span.service());
                }
                if (span.destination() != null) {
                    callersByDestination.computeIfAbsent(span.destination(), d -> new LinkedHashSet<>()).add(span.service());
                }
            }
        }

        /** The one service whose childless call names the orphan's service or queue; without any hint, the only childless call's. */
        String callerOf(HealthSpan orphan) {
            Set<String> hinted = new LinkedHashSet<>(callersByPeer.getOrDefault(orphan.service(), Set.of()));
            if (orphan.destination() != null) {
                hinted.addAll(callersByDestination.getOrDefault(orphan.destination(), Set.of()));
            }
            if (hinted.size() == 1) {
                return hinted.iterator().next();
            }
            return hinted.isEmpty() && count == 1 ? callers.iterator().next() : null;
        }
    }

    private static List<Findings.ExtraRoot> extraRoots(List<HealthSpan> roots) {
        if (roots.size() < 2) {
            return List.of();
        }
        List<HealthSpan> sorted = new ArrayList<>(roots);
        sorted.sort(BY_START);
        List<Findings.ExtraRoot> extra = new ArrayList<>(sorted.size() - 1);
        for (HealthSpan root : sorted.subList(1, sorted.size())) {
            extra.add(new Findings.ExtraRoot(root.spanId(), root.service(), root.operation()));
        }
        return extra;
    }

    /**
     * A child of another service outside its parent by more than the tolerance. Within one service
     * the clock is the same (a fire-and-forget child may outlive its parent); a producer's consumer
     * and a consumer span run after the call that sent the message, so they are not compared.
     */
    private Findings.Skew skew(HealthSpan parent, HealthSpan child) {
        if (parent.service().equals(child.service()) || parent.kind() == SpanKind.PRODUCER || child.kind() == SpanKind.CONSUMER) {
            return null;
        }
        boolean early = child.startNanos() < parent.startNanos() - toleranceNanos;
        boolean late = child.endNanos() > parent.endNanos() + toleranceNanos;
        if (!early && !late) {
            return null;
        }
        // a synchronous call's server side sits in the middle of its client span, the network time split evenly
        long offset = Math.floorDiv(child.startNanos() + child.endNanos(), 2) - Math.floorDiv(parent.startNanos() + parent.endNanos(), 2);
        return new Findings.Skew(child.spanId(), parent.service(), child.service(), offset);
    }

    private static List<Findings.Retry> retries(Map<String, List<HealthSpan>> children) {
        List<Findings.Retry> retries = new ArrayList<>(0);
        for (List<HealthSpan> siblings : children.values()) {
            Map<String, List<HealthSpan>> calls = null;
            for (HealthSpan span : siblings) {
                if (span.kind() != SpanKind.CLIENT) {
                    continue;
                }
                if (calls == null) {
                    calls = new HashMap<>();
                }
                // grouped by what the caller knows (the operation and the callee it names): a failed attempt may have no server child
                String peer = span.peerService() == null ? "" : span.peerService();
                calls.computeIfAbsent(span.operation() + '\u0000' + peer, k -> new ArrayList<>(1)).add(span);
            }
            if (calls != null) {
                for (List<HealthSpan> sameCall : calls.values()) {
                    addRetries(sameCall, children, retries);
                }
            }
        }
        return retries;
    }

    /** A call is a retry when it says so, or when an earlier call of the group failed and ended before it started. */
    private static void addRetries(List<HealthSpan> sameCall, Map<String, List<HealthSpan>> children, List<Findings.Retry> out) {
        if (sameCall.size() > 1) {
            sameCall.sort(BY_START);
        }
        long earliestFailedEnd = Long.MAX_VALUE;
        for (HealthSpan call : sameCall) {
            boolean declared = call.resendCount() > 0;
            if (declared || earliestFailedEnd <= call.startNanos()) {
                out.add(new Findings.Retry(call.spanId(), call.service(), calleeOf(call, children), call.operation(), declared));
            }
            if (call.error()) {
                earliestFailedEnd = Math.min(earliestFailedEnd, call.endNanos());
            }
        }
    }

    private static String calleeOf(HealthSpan call, Map<String, List<HealthSpan>> children) {
        List<HealthSpan> below = children.get(call.spanId());
        if (below != null) {
            for (HealthSpan child : below) {
                if (child.kind() == SpanKind.SERVER || !child.service().equals(call.service())) {
                    return child.service();
                }
            }
        }
        return call.peerService() != null ? call.peerService() : UNKNOWN;
    }
}
