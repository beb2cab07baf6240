package io.tracepipe.devkit.generator;

import static io.tracepipe.devkit.generator.Spans.attribute;
import static io.tracepipe.devkit.generator.Spans.duration;
import static io.tracepipe.devkit.generator.Spans.isError;
import static io.tracepipe.devkit.generator.Spans.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
    private static final Fault SLOW_CHARGE = Fault.latency("payment", "POST /charge", Duration.ofMillis(800));
    private static final Fault FAILING_RESERVE = Fault.errors("inventory", "POST /reserve", 0.3);

    @Test
    void latencyFaultLengthensPaymentChargeByExactlyTheConfiguredAmount() {
        List<GeneratedTrace> normal = new Traffic().only(TraceKind.CHECKOUT).traces(100);
        List<GeneratedTrace> slow = new Traffic().only(TraceKind.CHECKOUT).with(SLOW_CHARGE).traces(100);

        List<ServiceSpan> normalCharges = Spans.matching(normal, named("payment", "POST /charge", SpanKind.SPAN_KIND_SERVER));
        List<ServiceSpan> slowCharges = Spans.matching(slow, named("payment", "POST /charge", SpanKind.SPAN_KIND_SERVER));
        assertThat(slowCharges).hasSameSizeAs(normalCharges).hasSize(100);
        for (int i = 0; i < normalCharges.size(); i++) {
            assertThat(duration(slowCharges.get(i).span()))
                    .isEqualTo(duration(normalCharges.get(i).span()).plus(Duration.ofMillis(800)));
        }
    }

    @Test
    void latencyFaultStretchesEveryCallerSoTheTraceStaysWellFormed() {
        List<GeneratedTrace> normal = new Traffic().only(TraceKind.CHECKOUT).traces(50);
        List<GeneratedTrace> slow = new Traffic().only(TraceKind.CHECKOUT).with(SLOW_CHARGE).traces(50);

        for (int i = 0; i < normal.size(); i++) {
            assertThat(duration(slow.get(i).root().span()))
                    .isEqualTo(duration(normal.get(i).root().span()).plus(Duration.ofMillis(800)));
            Map<ByteString, ServiceSpan> byId = Spans.bySpanId(slow.get(i));
            ServiceSpan charge = Spans.matching(List.of(slow.get(i)), named("payment", "POST /charge", SpanKind.SPAN_KIND_SERVER)).get(0);
            for (Span s = charge.span(); !s.getParentSpanId().isEmpty(); s = byId.get(s.getParentSpanId()).span()) {
                Span parent = byId.get(s.getParentSpanId()).span();
                assertThat(parent.getStartTimeUnixNano()).isLessThanOrEqualTo(s.getStartTimeUnixNano());
                assertThat(parent.getEndTimeUnixNano()).isGreaterThanOrEqualTo(s.getEndTimeUnixNano());
            }
        }
    }

    @Test
    void aOnePodFaultSlowsThatPodOnly() {
        String slowPod = ShopTopology.standard().instancesOf("frontend").get(1).podName();
        Fault onePod = Fault.latency("frontend", "GET /product/{id}", Duration.ofMillis(300)).onPod(slowPod);
        List<GeneratedTrace> normal = new Traffic().only(TraceKind.PRODUCT).traces(300);
        List<GeneratedTrace> faulty = new Traffic().only(TraceKind.PRODUCT).with(onePod).traces(300);

        int slowed = 0;
        for (int i = 0; i < normal.size(); i++) {
            ServiceSpan root = faulty.get(i).root();
            Duration extra = duration(root.span()).minus(duration(normal.get(i).root().span()));
            boolean onThatPod = root.instance().podName().equals(slowPod);
            assertThat(extra).isEqualTo(onThatPod ? Duration.ofMillis(300) : Duration.ZERO);
            slowed += onThatPod ? 1 : 0;
        }
        assertThat(slowed).as("one pod of three takes about a third of the requests").isBetween(70, 130);
    }

    @Test
    void aLatencyFaultOnAShareOfTheCallsMakesASlowTail() {
        Fault tail = Fault.latency("payment", "authorize card", Duration.ofSeconds(2)).inShare(0.1);
        List<ServiceSpan> normal = Spans.matching(new Traffic().only(TraceKind.CHECKOUT).traces(1000),
                named("payment", "authorize card", SpanKind.SPAN_KIND_INTERNAL));
        List<ServiceSpan> slowed = Spans.matching(new Traffic().only(TraceKind.CHECKOUT).with(tail).traces(1000),
                named("payment", "authorize card", SpanKind.SPAN_KIND_INTERNAL));

        long hit = 0;
        for (int i = 0; i < normal.size(); i++) {
            Duration extra = duration(slowed.get(i).span()).minus(duration(normal.get(i).span()));
            assertThat(extra).isIn(Duration.ZERO, Duration.ofSeconds(2));
            hit += extra.isZero() ? 0 : 1;
        }
        assertThat((double) hit / normal.size()).isCloseTo(0.1, within(0.03));
    }

    @Test
    void errorBurstFailsInventoryReservationsAtRoughlyTheConfiguredRate() {
        List<ServiceSpan> reservations = Spans.matching(
                new Traffic().only(TraceKind.CHECKOUT).with(FAILING_RESERVE).traces(2_000),
                named("inventory", "POST /reserve", SpanKind.SPAN_KIND_SERVER));

        long failed = reservations.stream().filter(s -> isError(s.span())).count();
        assertThat((double) failed / reservations.size()).isCloseTo(0.3, within(0.03));
        assertThat(reservations).filteredOn(s -> isError(s.span())).allSatisfy(s -> {
            assertThat(attribute(s.span(), "http.response.status_code")).isEqualTo("500");
            assertThat(attribute(s.span(), "error.type")).isEqualTo("500");
            assertThat(s.span().getStatus().getMessage()).isNotBlank();
            assertThat(s.span().getEventsList()).anyMatch(e -> e.getName().equals("exception"));
        });
    }

    @Test
    void aFailedReservationPropagatesToTheCheckoutClientSpanAndUpToTheRoot() {
        List<GeneratedTrace> traces = new Traffic().only(TraceKind.CHECKOUT).with(Fault.errors("inventory", "POST /reserve", 1.0)).traces(20);

        for (GeneratedTrace trace : traces) {
            Map<ByteString, ServiceSpan> byId = Spans.bySpanId(trace);
            ServiceSpan reserve = Spans.matching(List.of(trace), named("inventory", "POST /reserve", SpanKind.SPAN_KIND_SERVER)).get(0);
            ServiceSpan client = byId.get(reserve.span().getParentSpanId());
            ServiceSpan checkoutServer = byId.get(client.span().getParentSpanId());

            assertThat(client.serviceName()).isEqualTo("checkout");
            assertThat(client.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
            assertThat(isError(client.span())).isTrue();
            assertThat(attribute(client.span(), "http.response.status_code")).isEqualTo("500");
            assertThat(attribute(client.span(), "error.type")).isEqualTo("500");
            assertThat(isError(checkoutServer.span())).isTrue();
            assertThat(isError(trace.root().span())).isTrue();
            assertThat(attribute(trace.root().span(), "http.response.status_code")).isEqualTo("500");
            assertThat(trace.spans()).noneMatch(named("payment", "POST /charge", SpanKind.SPAN_KIND_SERVER));
        }
    }

    @Test
    void aFailingDatabaseQueryFailsTheServerThatRanIt() {
        GeneratedTrace trace = new Traffic().only(TraceKind.PRODUCT).with(Fault.errors("inventory", "SELECT stock", 1.0)).trace();
        Map<ByteString, ServiceSpan> byId = Spans.bySpanId(trace);
        ServiceSpan query = Spans.matching(List.of(trace), named("inventory", "SELECT stock", SpanKind.SPAN_KIND_CLIENT)).get(0);
        ServiceSpan server = byId.get(query.span().getParentSpanId());

        assertThat(isError(query.span())).isTrue();
        assertThat(attribute(query.span(), "error.type")).isNotBlank();
        assertThat(attribute(server.span(), "http.response.status_code")).isEqualTo("500");
        assertThat(isError(trace.root().span())).isTrue();
    }

    @Test
    void aFailingClientCallNeverReachesTheCallee() {
        GeneratedTrace trace = new Traffic().only(TraceKind.CHECKOUT).with(Fault.errors("checkout", "POST /charge", 1.0)).trace();
        ServiceSpan client = Spans.matching(List.of(trace), named("checkout", "POST /charge", SpanKind.SPAN_KIND_CLIENT)).get(0);

        assertThat(isError(client.span())).isTrue();
        assertThat(attribute(client.span(), "http.response.status_code")).isNull();
        assertThat(trace.spans()).noneMatch(s -> s.serviceName().equals("payment"));
    }

    @Test
    void faultsSwitchedByAnotherThreadApplyToTheNextTrace() throws InterruptedException {
        FaultInjector injector = new FaultInjector();
        TrafficGenerator generator = new TrafficGenerator(new Traffic().only(TraceKind.CHECKOUT).settings(), injector);
        Instant t = Traffic.T0;

        Thread control = new Thread(() -> injector.activate(Fault.errors("inventory", "POST /reserve", 1.0)));
        control.start();
        control.join();
        GeneratedTrace duringBurst = generator.nextTrace(t);
        Thread recovery = new Thread(injector::clear);
        recovery.start();
        recovery.join();
        GeneratedTrace afterBurst = generator.nextTrace(t.plusSeconds(1));

        assertThat(isError(duringBurst.root().span())).isTrue();
        assertThat(isError(afterBurst.root().span())).isFalse();
    }

    @Test
    void generatingWhileAnotherThreadTogglesFaultsSeesWholeSnapshots() throws InterruptedException {
        FaultInjector injector = new FaultInjector();
        TrafficGenerator generator = new TrafficGenerator(new Traffic().settings(), injector);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread toggler = new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                injector.activate(SLOW_CHARGE);
                injector.activate(FAILING_RESERVE);
                injector.deactivate(SLOW_CHARGE);
                injector.deactivate(FAILING_RESERVE);
            }
        });
        toggler.setUncaughtExceptionHandler((thread, e) -> failure.set(e));
        toggler.start();
        for (int i = 0; i < 2_000; i++) {
            assertThat(generator.nextTrace(Traffic.T0.plusMillis(i)).spanCount()).isPositive();
            assertThat(injector.active()).isSubsetOf(SLOW_CHARGE, FAILING_RESERVE);
        }
        toggler.join();

        assertThat(failure.get()).isNull();
        assertThat(injector.active()).isEmpty();
    }
}
