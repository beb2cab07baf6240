package io.tracepipe.devkit.generator;

import static io.tracepipe.devkit.generator.ShopTopology.CHARGE;
import static io.tracepipe.devkit.generator.ShopTopology.CHECKOUT;
import static io.tracepipe.devkit.generator.ShopTopology.FRONTEND;
import static io.tracepipe.devkit.generator.ShopTopology.HOME;
import static io.tracepipe.devkit.generator.ShopTopology.INVENTORY;
import static io.tracepipe.devkit.generator.ShopTopology.PAYMENT;
import static io.tracepipe.devkit.generator.ShopTopology.PLACE_ORDER;
import static io.tracepipe.devkit.generator.ShopTopology.PRODUCT_PAGE;
import static io.tracepipe.devkit.generator.ShopTopology.RESERVE;
import static io.tracepipe.devkit.generator.ShopTopology.STOCK;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.tracepipe.devkit.generator.TraceRecorder.Draft;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The request flows of the shop, played out for one trace: who calls whom, in which order or in
 * parallel, how long each step takes, and how failures travel back to the caller. Time flows
 * through the calls: every step starts at an instant and returns when it ended, so a slower
 * callee stretches every span that waits for it.
 */
final class ShopFlows {
    private static final List<String> SKUS = List.of(
            "0PUK6V6EV0", "1YMWWN1N4O", "2ZYFJ3GM2N", "66VCHSJNUP", "6E92ZMYYFZ", "9SIQT8TOJO",
            "L9ECAV7KIM", "LS4PSXUNUM", "OLJCESPC7Z", "HQTGWGPNH4", "W3YXAE2KQ7", "C8N4XP1ZDR");
    private static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
    private static final Route HOME_ROUTE = Route.of(HOME);
    private static final Route PRODUCT_ROUTE = Route.of(PRODUCT_PAGE);
    private static final Route PLACE_ORDER_ROUTE = Route.of(PLACE_ORDER);
    private static final Route STOCK_ROUTE = Route.of(STOCK);
    private static final Route RESERVE_ROUTE = Route.of(RESERVE);
    private static final Route CHARGE_ROUTE = Route.of(CHARGE);
    private static final Database ORDERS_DB = new Database("orders", "orders-db", 5432);
    private static final Database INVENTORY_DB = new Database("inventory", "inventory-db", 5432);
    /** Concurrent reservation calls checkout keeps in flight for a bulk cart. */
    private static final int BULK_CONCURRENCY = 8;
    private static final double PARALLEL_RESERVATION_SHARE = 0.4;
    private static final double ORDER_EVENT_SHARE = 0.3;
    /** How long before the 500 response an escaping exception is recorded. */
    private static final Duration EXCEPTION_BEFORE_RESPONSE = Duration.ofNanos(20_000);

    private final ShopTopology topology;
    private final TraceSizes sizes;
    private final double naturalFailureRate;
    private final Random random;
    private final Random faultDraws;
    private final Set<Fault> faults;
    private final TraceRecorder recorder;

    /**
     * @param random the trace's own stream: ids, pods, timings and business outcomes
     * @param faultDraws a separate stream for deciding injected errors, so that deciding them
     *     draws nothing from {@code random} and a trace the fault does not hit stays identical
     */
    ShopFlows(ShopTopology topology, GeneratorSettings settings, Random random, Random faultDraws, Set<Fault> faults) {
        this.topology = topology;
        this.sizes = settings.sizes();
        this.naturalFailureRate = settings.naturalFailureRate();
        this.random = random;
        this.faultDraws = faultDraws;
        this.faults = faults;
        this.recorder = new TraceRecorder(random);
    }

    GeneratedTrace play(TraceKind kind, Instant start) {
        ServiceInstance frontend = topology.pick(FRONTEND, random);
        switch (kind) {
            case BROWSE:
                home(frontend, start);
                break;
            case PRODUCT:
                productPage(frontend, start);
                break;
            case CHECKOUT:
                placeOrder(frontend, start, between(1, sizes.maxCartItems()), random.nextDouble() < PARALLEL_RESERVATION_SHARE);
                break;
            case BULK_CHECKOUT:
            default:
                placeOrder(frontend, start, between(sizes.minBulkItems(), sizes.maxBulkItems()), true);
                break;
        }
        return new GeneratedTrace(recorder.traceId(), kind, skewClocks(recorder.spans()));
    }

    /** Shifts the spans recorded on a host whose clock is off ({@link Fault.ClockSkew}). */
    private List<ServiceSpan> skewClocks(List<ServiceSpan> spans) {
        List<Fault.ClockSkew> skews = faults.stream().filter(f -> f instanceof Fault.ClockSkew).map(f -> (Fault.ClockSkew) f).toList();
        if (skews.isEmpty()) {
            return spans;
        }
        List<ServiceSpan> out = new java.util.ArrayList<>(spans.size());
        for (ServiceSpan s : spans) {
            long shift = 0;
            for (Fault.ClockSkew skew : skews) {
                if (skew.matches(s.instance(), s.span().getName())) {
                    shift += skew.offset().toNanos();
                }
            }
            if (shift == 0) {
                out.add(s);
                continue;
            }
            io.opentelemetry.proto.trace.v1.Span.Builder span = s.span().toBuilder()
                    .setStartTimeUnixNano(s.span().getStartTimeUnixNano() + shift)
                    .setEndTimeUnixNano(s.span().getEndTimeUnixNano() + shift);
            for (int i = 0; i < span.getEventsCount(); i++) {
                span.setEvents(i, span.getEvents(i).toBuilder().setTimeUnixNano(span.getEvents(i).getTimeUnixNano() + shift));
            }
            out.add(new ServiceSpan(s.instance(), span.build()));
        }
        return out;
    }

    // ---- frontend ----

    private void home(ServiceInstance frontend, Instant start) {
        serve(frontend, null, start, HOME_ROUTE, "/", null, (span, t) ->
                afterStep(internal(frontend, span, t, "render home", micros(2_000, 10_000))));
    }

    private void productPage(ServiceInstance frontend, Instant start) {
        String sku = SKUS.get(random.nextInt(SKUS.size()));
        serve(frontend, null, start, PRODUCT_ROUTE, "/product/" + sku, null, (span, t) -> {
            Outcome stock = call(frontend, span, t, INVENTORY, STOCK_ROUTE, "sku=" + sku,
                    (server, t2) -> stock(server, t2, sku));
            Instant next = stock.end().plus(work());
            if (stock.status() == 404) {
                Outcome render = internal(frontend, span, next, "render not found", micros(1_000, 4_000));
                return Outcome.failed(render.end(), 404, "product " + sku + " not found");
            }
            if (stock.isFailure()) {
                Outcome render = internal(frontend, span, next, "render error page", micros(1_000, 4_000));
                return Outcome.failed(render.end(), stock.propagatedStatus(), "stock lookup failed: " + stock.failure());
            }
            return afterStep(internal(frontend, span, next, "render product", micros(3_000, 12_000)));
        });
    }

    private void placeOrder(ServiceInstance frontend, Instant start, int items, boolean parallel) {
        serve(frontend, null, start, PLACE_ORDER_ROUTE, "/checkout", null, (span, t) -> {
            Outcome order = call(frontend, span, t, CHECKOUT, PLACE_ORDER_ROUTE, null,
                    (server, t2) -> checkout(server, t2, items, parallel));
            Instant next = order.end().plus(work());
            if (order.isFailure()) {
                Outcome render = internal(frontend, span, next, "render checkout error", micros(1_000, 5_000));
                return Outcome.failed(render.end(), order.propagatedStatus(), "checkout failed: " + order.failure());
            }
            return afterStep(internal(frontend, span, next, "render confirmation", micros(2_000, 9_000)));
        });
    }

    // ---- checkout ----

    private Outcome checkout(Draft server, Instant start, int items, boolean parallel) {
        ServiceInstance self = server.instance();
        Outcome cart = query(self, server, start, ORDERS_DB, "SELECT", "cart_items",
                "SELECT sku, quantity, unit_price FROM cart_items WHERE cart_id = $1", Duration.ofMillis(1));
        if (cart.isFailure()) {
            return Outcome.failed(cart.end(), 500, "loading cart failed: " + cart.failure());
        }
        Outcome duplicate = query(self, server, cart.end().plus(work()), ORDERS_DB, "SELECT", "orders",
                "SELECT id FROM orders WHERE idempotency_key = $1", Duration.ofNanos(800_000));
        if (duplicate.isFailure()) {
            return Outcome.failed(duplicate.end(), 500, "order lookup failed: " + duplicate.failure());
        }
        Outcome price = internal(self, server, duplicate.end().plus(work()), "price cart",
                micros(300, 1_500).multipliedBy(items));
        if (price.isFailure()) {
            return Outcome.failed(price.end(), 500, price.failure());
        }
        Outcome reserved = reserveAll(self, server, price.end().plus(work()), items, parallel);
        if (reserved.isFailure()) {
            return Outcome.failed(reserved.end(), 500, "inventory reservation failed: " + reserved.failure());
        }
        Outcome charged = call(self, server, reserved.end().plus(work()), PAYMENT, CHARGE_ROUTE, null, this::charge);
        if (charged.isFailure()) {
            return Outcome.failed(charged.end(), charged.propagatedStatus(), "payment failed: " + charged.failure());
        }
        Outcome stored = query(self, server, charged.end().plus(work()), ORDERS_DB, "INSERT", "orders",
                "INSERT INTO orders (id, customer_id, total, currency) VALUES ($1, $2, $3, $4)", Duration.ofMillis(2));
        if (stored.isFailure()) {
            return Outcome.failed(stored.end(), 500, "storing order failed: " + stored.failure());
        }
        Instant respond = stored.end().plus(work());
        if (random.nextDouble() < ORDER_EVENT_SHARE) {
            // Fire-and-forget: the handler does not wait, so this child may outlive its parent.
            internal(self, server, respond.minus(micros(20, 100)), "publish order-placed", micros(500, 6_000));
        }
        return Outcome.ok(respond);
    }

    /** Reserves every cart item: one call after the other, or in waves of concurrent calls. */
    private Outcome reserveAll(ServiceInstance self, Draft server, Instant start, int items, boolean parallel) {
        int wave = parallel ? Math.min(items, BULK_CONCURRENCY) : 1;
        Instant t = start;
        for (int first = 0; first < items; first += wave) {
            Instant waveEnd = t;
            Outcome failure = null;
            for (int i = first; i < Math.min(items, first + wave); i++) {
                // Concurrent calls leave a few microseconds apart, as the client dispatches them.
                Instant callStart = t.plus(micros(10, 80).multipliedBy(i - first));
                String sku = SKUS.get(random.nextInt(SKUS.size()));
                Outcome one = call(self, server, callStart, INVENTORY, RESERVE_ROUTE, null,
                        (inventory, t2) -> reserve(inventory, t2, sku));
                waveEnd = later(waveEnd, one.end());
                if (one.isFailure() && failure == null) {
                    failure = one;
                }
            }
            if (failure != null) {
                return Outcome.failed(waveEnd, failure.status(), failure.failure());
            }
            t = waveEnd.plus(work());
        }
        return Outcome.ok(t);
    }

    // ---- inventory ----

    private Outcome stock(Draft server, Instant start, String sku) {
        boolean unknown = random.nextDouble() < naturalFailureRate;
        Outcome lookup = query(server.instance(), server, start, INVENTORY_DB, "SELECT", "stock",
                "SELECT sku, available FROM stock WHERE sku = $1", Duration.ofNanos(700_000));
        if (lookup.isFailure()) {
            return Outcome.failed(lookup.end(), 500, "stock lookup failed: " + lookup.failure());
        }
        return unknown ? Outcome.failed(lookup.end(), 404, "unknown sku " + sku) : Outcome.ok(lookup.end());
    }

    private Outcome reserve(Draft server, Instant start, String sku) {
        Outcome update = query(server.instance(), server, start, INVENTORY_DB, "UPDATE", "stock",
                "UPDATE stock SET available = available - $2 WHERE sku = $1 AND available >= $2", Duration.ofNanos(1_500_000));
        if (update.isFailure()) {
            return Outcome.failed(update.end(), 500, "reserving " + sku + ": " + update.failure());
        }
        return Outcome.ok(update.end());
    }

    // ---- payment ----

    private Outcome charge(Draft server, Instant start) {
        ServiceInstance self = server.instance();
        Outcome fraud = internal(self, server, start, "fraud check", micros(6_000, 30_000));
        if (fraud.isFailure()) {
            return Outcome.failed(fraud.end(), 500, fraud.failure());
        }
        boolean declined = random.nextDouble() < naturalFailureRate;
        Outcome authorized = internal(self, server, fraud.end().plus(work()), "authorize card",
                logNormal(Duration.ofMillis(90), 0.4, Duration.ofSeconds(2)));
        if (authorized.isFailure()) {
            return Outcome.failed(authorized.end(), 500, authorized.failure());
        }
        return declined ? Outcome.failed(authorized.end(), 402, "card declined") : Outcome.ok(authorized.end());
    }


    // ---- span kinds ----

    /**
     * An HTTP server span around {@code handler}. An injected error turns the response into a
     * 500 after the handler ran, as an exception escaping the handler would.
     */
    private Outcome serve(ServiceInstance self, Draft parent, Instant start, Route route, String path, String query, Handler handler) {
        Draft span = recorder.open(self, parent, route.spanName(), SpanKind.SPAN_KIND_SERVER, start);
        ShopService service = self.service();
        span.attr("http.request.method", route.method())
                .attr("http.route", route.template())
                .attr("url.path", path)
                .attr("url.scheme", service.scheme())
                .attr("server.address", service.host())
                .attr("server.port", service.port())
                .attr("network.protocol.version", "1.1");
        if (query != null) {
            span.attr("url.query", query);
        }
        if (hasFault(Fault.RequestIds.class, self, route.spanName())) {
            span.attr(Fault.RequestIds.KEY, Long.toHexString(faultDraws.nextLong()));
        }
        if (parent == null) {
            span.attr("client.address", "198.51.100." + (1 + random.nextInt(254)))
                    .attr("user_agent.original", USER_AGENTS.get(random.nextInt(USER_AGENTS.size())));
        }
        boolean injected = injectError(self, route.spanName());
        Outcome handled = handler.handle(span, start.plus(work()));
        Instant end = handled.end().plus(extraLatency(self, route.spanName())).plus(work());
        Outcome response;
        if (injected) {
            String message = service.name() + " failed to handle " + route.spanName();
            span.exception(end.minus(EXCEPTION_BEFORE_RESPONSE), service.exceptionType(), message);
            response = Outcome.failed(end, 500, message);
        } else {
            response = new Outcome(end, handled.status(), handled.failure());
        }
        span.attr("http.response.status_code", response.status());
        // Server spans only count 5xx as errors: a 4xx is the client's mistake, not the server's.
        if (response.status() >= 500) {
            span.attr("error.type", Integer.toString(response.status())).error(response.failure());
        }
        span.end(end);
        return response;
    }

    /**
     * An HTTP client span and, unless the connection itself fails (an injected error on the
     * client span), the callee's server span inside it.
     */
    private Outcome call(ServiceInstance self, Draft parent, Instant start, String target, Route route, String query, Handler handler) {
        ShopService callee = topology.service(target);
        String url = callee.scheme() + "://" + callee.host() + ":" + callee.port() + route.template();
        boolean resend = false;
        if (hasFault(Fault.Retries.class, self, route.spanName())) {
            // the first attempt's connection is reset before the server sees it; the client backs off and sends again
            Draft attempt = clientSpan(self, parent, start, target, route, query, callee, url);
            Instant reset = start.plus(micros(500, 2_000));
            attempt.attr("error.type", "connection_reset").error("read " + callee.host() + ":" + callee.port() + ": connection reset by peer");
            attempt.end(reset);
            start = reset.plus(Duration.ofMillis(10));
            resend = true;
        }
        Draft span = clientSpan(self, parent, start, target, route, query, callee, url);
        if (resend) {
            span.attr("http.request.resend_count", 1);
        }
        Outcome response;
        if (injectError(self, route.spanName())) {
            Instant end = start.plus(micros(200, 3_000)).plus(extraLatency(self, route.spanName()));
            String message = "connect to " + callee.host() + ":" + callee.port() + ": connection refused";
            span.attr("error.type", "connection_refused").error(message);
            response = Outcome.failed(end, 503, message);
        } else {
            // a caller that drops the context sends a parent id that is never exported
            Draft context = hasFault(Fault.DropsContext.class, self, route.spanName()) ? recorder.phantom(self, faultDraws) : span;
            Outcome served = serve(topology.pick(target, random), context, start.plus(networkHop()), route,
                    route.template(), query, handler);
            Instant end = served.end().plus(networkHop()).plus(extraLatency(self, route.spanName()));
            span.attr("http.response.status_code", served.status());
            // Client spans count every 4xx and 5xx as an error.
            if (served.status() >= 400) {
                span.attr("error.type", Integer.toString(served.status()))
                        .error("HTTP " + served.status() + " from " + target + ": " + served.failure());
            }
            response = new Outcome(end, served.status(), served.failure());
        }
        span.end(response.end());
        return response;
    }

    private Draft clientSpan(ServiceInstance self, Draft parent, Instant start, String target, Route route, String query,
            ShopService callee, String url) {
        Draft span = recorder.open(self, parent, route.spanName(), SpanKind.SPAN_KIND_CLIENT, start);
        span.attr("http.request.method", route.method())
                .attr("url.full", query == null ? url : url + "?" + query)
                .attr("url.template", route.template())
                .attr("server.address", callee.host())
                .attr("server.port", callee.port())
                .attr("peer.service", target)
                .attr("network.protocol.version", "1.1");
        return span;
    }

    /** A database CLIENT span; the database itself is not instrumented, as usual for managed PostgreSQL. */
    private Outcome query(ServiceInstance self, Draft parent, Instant start, Database db, String operation, String table,
            String statement, Duration median) {
        String name = operation + " " + table;
        Draft span = recorder.open(self, parent, name, SpanKind.SPAN_KIND_CLIENT, start);
        // Both the older and the stable database conventions, as instrumentations emit during the
        // migration (OTEL_SEMCONV_STABILITY_OPT_IN=database/dup), so consumers of either find theirs.
        span.attr("db.system", "postgresql")
                .attr("db.system.name", "postgresql")
                .attr("db.name", db.name())
                .attr("db.namespace", db.name())
                .attr("db.operation", operation)
                .attr("db.operation.name", operation)
                .attr("db.sql.table", table)
                .attr("db.collection.name", table)
                .attr("db.statement", statement)
                .attr("db.query.text", statement)
                .attr("server.address", db.host())
                .attr("server.port", db.port());
        Instant end = start.plus(logNormal(median, 0.5, Duration.ofMillis(200))).plus(extraLatency(self, name));
        Outcome outcome = Outcome.ok(end);
        if (injectError(self, name)) {
            String message = "canceling statement due to statement timeout";
            span.attr("db.response.status_code", "57014").attr("error.type", "57014").error(message);
            outcome = Outcome.failed(end, 500, message);
        }
        span.end(end);
        return outcome;
    }

    private Outcome internal(ServiceInstance self, Draft parent, Instant start, String name, Duration duration) {
        Draft span = recorder.open(self, parent, name, SpanKind.SPAN_KIND_INTERNAL, start);
        Instant end = start.plus(duration).plus(extraLatency(self, name));
        Outcome outcome = Outcome.ok(end);
        if (injectError(self, name)) {
            String type = self.service().exceptionType();
            String message = name + " failed";
            span.exception(end, type, message).attr("error.type", type).error(message);
            outcome = Outcome.failed(end, 500, message);
        }
        span.end(end);
        return outcome;
    }

    private Outcome afterStep(Outcome step) {
        Instant end = step.end().plus(work());
        return step.isFailure() ? Outcome.failed(end, 500, step.failure()) : Outcome.ok(end);
    }

    // ---- faults ----

    private Duration extraLatency(ServiceInstance self, String spanName) {
        Duration extra = Duration.ZERO;
        for (Fault fault : faults) {
            // a fault on a share of the calls draws from the fault stream, so it leaves the trace's own stream alone
            if (fault instanceof Fault.Latency latency && fault.matches(self, spanName)
                    && (latency.share() >= 1 || faultDraws.nextDouble() < latency.share())) {
                extra = extra.plus(latency.extra());
            }
        }
        return extra;
    }

    private boolean hasFault(Class<? extends Fault> kind, ServiceInstance self, String spanName) {
        for (Fault fault : faults) {
            if (kind.isInstance(fault) && fault.matches(self, spanName)) {
                return true;
            }
        }
        return false;
    }

    private boolean injectError(ServiceInstance self, String spanName) {
        double probability = 0;
        for (Fault fault : faults) {
            if (fault instanceof Fault.Errors && fault.matches(self, spanName)) {
                probability = Math.max(probability, ((Fault.Errors) fault).probability());
            }
        }
        return probability > 0 && faultDraws.nextDouble() < probability;
    }

    // ---- timing ----

    /** Handler time before, between and after a span's children. */
    private Duration work() {
        return micros(40, 400);
    }

    /** One-way network delay inside the cluster. */
    private Duration networkHop() {
        return micros(150, 800);
    }

    private Duration micros(long min, long max) {
        return Duration.ofNanos(min * 1_000L + random.nextLong((max - min) * 1_000L + 1));
    }

    /** Latencies are skewed: mostly near the median, with a long tail, capped like a timeout would. */
    private Duration logNormal(Duration median, double sigma, Duration cap) {
        long nanos = Math.round(median.toNanos() * Math.exp(sigma * random.nextGaussian()));
        return Duration.ofNanos(Math.max(1_000L, Math.min(nanos, cap.toNanos())));
    }

    private int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** What a server does between receiving a request at {@code t} and returning its response. */
    @FunctionalInterface
    private interface Handler {
        Outcome handle(Draft server, Instant t);
    }

    private record Route(String method, String template) {
        /** Splits an operation name such as {@code POST /charge} into method and route template. */
        static Route of(String operation) {
            int space = operation.indexOf(' ');
            return new Route(operation.substring(0, space), operation.substring(space + 1));
        }

        String spanName() {
            return method + " " + template;
        }
    }

    private record Database(String name, String host, int port) {}
}
