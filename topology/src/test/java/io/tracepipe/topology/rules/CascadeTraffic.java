package io.tracepipe.topology.rules;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The classic cascade, one trace per call of {@link #next}: the gateway asks auth-service to
 * verify the token and answers 503 when {@code verify_token} fails; otherwise orders-service
 * reads the inventory database (through inventory-service) and charges the payment provider
 * (through payment-service), and a failure there, rarer and much slower (a timeout), fails the
 * order with 500. Three gateway and three auth-service pods, the load spread evenly.
 */
final class CascadeTraffic {
    static final String GATEWAY = "gateway";
    static final String AUTH = "auth-service";
    static final String VERIFY = "verify_token";

    private static final long HIGH = 0xCA5CADE0L;

    private final Random random;
    private final double authFailure;
    private final double backgroundFailure;
    private final Set<String> authFailed = new HashSet<>();
    private int traces;
    private int spanIds;

    /**
     * @param authFailure the share of {@code verify_token} calls that fail
     * @param backgroundFailure the share of orders that fail deeper down, half at the inventory database, half at the payment provider
     */
    CascadeTraffic(long seed, double authFailure, double backgroundFailure) {
        this.random = new Random(seed);
        this.authFailure = authFailure;
        this.backgroundFailure = backgroundFailure;
    }

    /** The trace ids (lowercase hex) whose token verification failed. */
    Set<String> authFailures() {
        return Set.copyOf(authFailed);
    }

    /** The next trace, starting at {@code start}, as one collector record. */
    byte[] next(Instant start) {
        int n = traces++;
        ByteString traceId = OtlpTraces.traceId(HIGH, n);
        OtlpTraces batch = OtlpTraces.traces();
        String gatewayPod = "gateway-" + random.nextInt(3);
        String authPod = "auth-service-" + random.nextInt(3);

        ByteString root = nextSpanId();
        ByteString verifyCall = nextSpanId();
        Instant verifyStart = start.plus(micros(200, 600));
        Duration auth = micros(2_000, 9_000);
        boolean authFails = random.nextDouble() < authFailure;
        Span verify = span(traceId, nextSpanId(), verifyCall, VERIFY, Span.SpanKind.SPAN_KIND_SERVER,
                verifyStart.plus(micros(100, 300)), auth, authFails ? 500 : 200, "TokenValidationError");
        Instant verifyEnd = verifyStart.plus(auth).plus(micros(300, 600));
        batch.resource(AUTH).resourceAttributes(OtlpTraces.attribute("k8s.pod.name", authPod),
                OtlpTraces.attribute("service.version", "4.2.0")).add(verify);
        Span verifyClient = clientSpan(traceId, verifyCall, root, "POST /verify", verifyStart, verifyEnd, authFails ? 500 : 200);

        batch.resource(GATEWAY).resourceAttributes(OtlpTraces.attribute("k8s.pod.name", gatewayPod),
                OtlpTraces.attribute("service.version", "1.9.3")).add(verifyClient);
        Instant end;
        int status;
        if (authFails) {
            authFailed.add(String.format("%016x%016x", HIGH, (long) n));
            end = verifyEnd.plus(micros(100, 400));
            status = 503;
        } else {
            OrderCall order = order(batch, traceId, root, verifyEnd.plus(micros(100, 300)));
            batch.resource(GATEWAY).add(order.client());
            status = order.failed() ? 500 : 201;
            end = order.end().plus(micros(100, 400));
        }
        batch.resource(GATEWAY).add(span(traceId, root, ByteString.EMPTY, "POST /orders", Span.SpanKind.SPAN_KIND_SERVER,
                start, Duration.between(start, end), status, null));
        return batch.bytes();
    }

    /** The gateway's call to orders-service: its client span, when it returned and whether the order failed. */
    private record OrderCall(Span client, Instant end, boolean failed) {}

    /** orders-service: the inventory read, then the charge. */
    private OrderCall order(OtlpTraces batch, ByteString traceId, ByteString gateway, Instant start) {
        ByteString call = nextSpanId();
        boolean fails = random.nextDouble() < backgroundFailure;
        boolean atInventory = fails && random.nextBoolean();
        boolean atPayment = fails && !atInventory;
        ByteString server = nextSpanId();
        Instant serverStart = start.plus(micros(200, 500));

        Instant t = serverStart.plus(micros(100, 300));
        Instant stockEnd = hop(batch, traceId, server, t, "inventory-service", "GET /stock", "SELECT inventory",
                atInventory ? millis(800, 1_500) : micros(1_000, 6_000), atInventory);
        Instant orderEnd;
        if (atInventory) {
            orderEnd = stockEnd.plus(micros(100, 300));
        } else {
            Instant chargeEnd = hop(batch, traceId, server, stockEnd.plus(micros(100, 300)), "payment-service", "POST /charge",
                    "provider charge", atPayment ? millis(1_000, 2_000) : millis(30, 90), atPayment);
            orderEnd = chargeEnd.plus(micros(100, 300));
        }
        int status = fails ? 500 : 201;
        batch.resource("orders-service").add(span(traceId, server, call, "POST /orders",
                Span.SpanKind.SPAN_KIND_SERVER, serverStart, Duration.between(serverStart, orderEnd), status, null));
        Instant end = orderEnd.plus(micros(200, 500));
        return new OrderCall(clientSpan(traceId, call, gateway, "POST /orders", start, end, status), end, fails);
    }

    /** orders-service calls {@code service}'s {@code operation}, which runs {@code work} against its backend. */
    private Instant hop(OtlpTraces batch, ByteString traceId, ByteString ordersServer, Instant start, String service,
            String operation, String backend, Duration work, boolean fails) {
        ByteString call = nextSpanId();
        ByteString server = nextSpanId();
        Instant serverStart = start.plus(micros(200, 500));
        Instant backendStart = serverStart.plus(micros(100, 200));
        Instant serverEnd = backendStart.plus(work).plus(micros(100, 200));
        Instant end = serverEnd.plus(micros(200, 500));
        int status = fails ? 500 : 200;
        batch.resource(service)
                .add(span(traceId, server, call, operation, Span.SpanKind.SPAN_KIND_SERVER, serverStart,
                        Duration.between(serverStart, serverEnd), status, null))
                .add(span(traceId, nextSpanId(), server, backend, Span.SpanKind.SPAN_KIND_CLIENT, backendStart, work,
                        status, fails ? "TimeoutError" : null));
        batch.resource("orders-service").add(clientSpan(traceId, call, ordersServer, operation, start, end, status));
        return end;
    }

    private Span clientSpan(ByteString traceId, ByteString id, ByteString parent, String name, Instant start, Instant end, int status) {
        return span(traceId, id, parent, name, Span.SpanKind.SPAN_KIND_CLIENT, start, Duration.between(start, end), status, null);
    }

    private static Span span(ByteString traceId, ByteString id, ByteString parent, String name, Span.SpanKind kind,
            Instant start, Duration duration, int status, String exceptionType) {
        OtlpTraces.SpanBuilder span = OtlpTraces.span(traceId, id).name(name).kind(kind).start(start).duration(duration)
                .attribute("http.response.status_code", (long) status);
        if (parent != null && !parent.isEmpty()) {
            span.parent(parent);
        }
        if (status >= 500) {
            span.status(Status.StatusCode.STATUS_CODE_ERROR, name + " failed").attribute("error.type", Integer.toString(status));
            if (exceptionType != null) {
                span.event("exception", OtlpTraces.attribute("exception.type", exceptionType));
            }
        }
        return span.build();
    }

    private ByteString nextSpanId() {
        return OtlpTraces.spanId(++spanIds);
    }

    private Duration micros(long min, long max) {
        return Duration.ofNanos(1_000L * (min + (long) (random.nextDouble() * (max - min))));
    }

    private Duration millis(long min, long max) {
        return micros(min * 1_000, max * 1_000);
    }
}
