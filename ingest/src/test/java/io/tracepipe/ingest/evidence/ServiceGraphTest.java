package io.tracepipe.ingest.evidence;

import static io.tracepipe.devkit.fixtures.OtlpTraces.spanId;
import static io.tracepipe.devkit.fixtures.OtlpTraces.traces;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import io.tracepipe.devkit.fixtures.OtlpTraces.SpanBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServiceGraphTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void rootServerSpanIsARequestFromUser() {
        TracesData trace = traces().resource("frontend").add(span(1, 0, SpanKind.SPAN_KIND_SERVER, 100)).tracesData();

        assertThat(ServiceGraph.edges(trace)).containsExactly(
                new ServiceEdge("user", "frontend", "virtual_node", false, 0.1, 0));
    }

    @Test
    void clientAndTheServerUnderItAreOneRequestFailedWhenEitherFailed() {
        TracesData trace = traces()
                .resource("frontend").add(span(1, 0, SpanKind.SPAN_KIND_SERVER, 100), span(2, 1, SpanKind.SPAN_KIND_CLIENT, 80))
                .resource("checkout").add(span(3, 2, SpanKind.SPAN_KIND_SERVER, 60).error())
                .tracesData();

        assertThat(ServiceGraph.edges(trace)).contains(new ServiceEdge("frontend", "checkout", "", true, 0.06, 0.08));
    }

    @Test
    void databaseCallIsAnEdgeToTheServerAddressWithTheClientSpanOnBothSides() {
        TracesData trace = traces().resource("checkout").add(
                        span(1, 0, SpanKind.SPAN_KIND_SERVER, 100),
                        span(2, 1, SpanKind.SPAN_KIND_CLIENT, 5).attribute("db.system", "postgresql").attribute("db.name", "orders")
                                .attribute("server.address", "orders-db"))
                .tracesData();

        assertThat(ServiceGraph.edges(trace)).contains(new ServiceEdge("checkout", "orders-db", "database", false, 0.005, 0.005));
    }

    @Test
    void databaseWithoutAddressIsNamedByDbName() {
        TracesData trace = traces().resource("checkout").add(
                        span(1, 0, SpanKind.SPAN_KIND_SERVER, 100),
                        span(2, 1, SpanKind.SPAN_KIND_CLIENT, 5).attribute("db.name", "orders"))
                .tracesData();

        assertThat(ServiceGraph.edges(trace)).extracting(ServiceEdge::server).contains("orders");
    }

    @Test
    void clientWithoutServerNamesAVirtualNodeByPeerService() {
        TracesData trace = traces().resource("frontend").add(
                        span(1, 0, SpanKind.SPAN_KIND_SERVER, 100),
                        span(2, 1, SpanKind.SPAN_KIND_CLIENT, 3).attribute("peer.service", "checkout").error(),
                        span(4, 1, SpanKind.SPAN_KIND_CLIENT, 3))
                .tracesData();

        assertThat(ServiceGraph.edges(trace)).containsExactlyInAnyOrder(
                new ServiceEdge("user", "frontend", "virtual_node", false, 0.1, 0),
                new ServiceEdge("frontend", "checkout", "virtual_node", true, 0, 0.003));
    }

    @Test
    void producerAndConsumerAreAMessagingRequest() {
        TracesData trace = traces()
                .resource("checkout").add(span(1, 0, SpanKind.SPAN_KIND_SERVER, 100), span(2, 1, SpanKind.SPAN_KIND_PRODUCER, 2))
                .resource("mailer").add(span(3, 2, SpanKind.SPAN_KIND_CONSUMER, 7))
                .tracesData();

        assertThat(ServiceGraph.edges(trace)).contains(new ServiceEdge("checkout", "mailer", "messaging_system", false, 0.007, 0.002));
    }

    @Test
    void serverUnderAnInternalSpanIsNoRequest() {
        TracesData trace = traces()
                .resource("frontend").add(span(1, 0, SpanKind.SPAN_KIND_INTERNAL, 100))
                .resource("checkout").add(span(2, 1, SpanKind.SPAN_KIND_SERVER, 50))
                .tracesData();

        assertThat(ServiceGraph.edges(trace)).isEmpty();
    }

    @Test
    void spansOfAResourceWithoutServiceNameAreSkipped() {
        TracesData trace = traces()
                .resource().add(span(1, 0, SpanKind.SPAN_KIND_SERVER, 100), span(2, 1, SpanKind.SPAN_KIND_CLIENT, 80))
                .resource("checkout").add(span(3, 2, SpanKind.SPAN_KIND_SERVER, 60))
                .tracesData();

        assertThat(ServiceGraph.edges(trace)).isEmpty();
    }

    /** Span {@code id} of one trace, under span {@code parent} (0: a root), starting at T0 and lasting {@code millis}. */
    private static SpanBuilder span(int id, int parent, SpanKind kind, int millis) {
        SpanBuilder span = OtlpTraces.span(OtlpTraces.traceId(1), spanId(id)).name("op" + id).kind(kind)
                .start(T0).duration(Duration.ofMillis(millis));
        return parent == 0 ? span : span.parent(spanId(parent));
    }
}
