package io.tracepipe.ingest.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceGraphTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    @Test
    void rootServerSpanIsARequestFromUser() {
        TracesData trace = new TraceBuilder().server("frontend", 1, 0, 100).build();

        assertThat(ServiceGraph.edges(trace)).containsExactly(
                new ServiceEdge("user", "frontend", "virtual_node", false, 0.1, 0));
    }

    @Test
    void clientAndTheServerUnderItAreOneRequestFailedWhenEitherFailed() {
        TracesData trace = new TraceBuilder()
                .server("frontend", 1, 0, 100)
                .client("frontend", 2, 1, 80, null)
                .server("checkout", 3, 2, 60).error(3)
                .build();

        assertThat(ServiceGraph.edges(trace)).contains(new ServiceEdge("frontend", "checkout", "", true, 0.06, 0.08));
    }

    @Test
    void databaseCallIsAnEdgeToTheServerAddressWithTheClientSpanOnBothSides() {
        TracesData trace = new TraceBuilder()
                .server("checkout", 1, 0, 100)
                .client("checkout", 2, 1, 5, null).attr(2, "db.system", "postgresql").attr(2, "db.name", "orders")
                .attr(2, "server.address", "orders-db")
                .build();

        assertThat(ServiceGraph.edges(trace)).contains(new ServiceEdge("checkout", "orders-db", "database", false, 0.005, 0.005));
    }

    @Test
    void databaseWithoutAddressIsNamedByDbName() {
        TracesData trace = new TraceBuilder()
                .server("checkout", 1, 0, 100)
                .client("checkout", 2, 1, 5, null).attr(2, "db.name", "orders")
                .build();

        assertThat(ServiceGraph.edges(trace)).extracting(ServiceEdge::server).contains("orders");
    }

    @Test
    void clientWithoutServerNamesAVirtualNodeByPeerService() {
        TracesData trace = new TraceBuilder()
                .server("frontend", 1, 0, 100)
                .client("frontend", 2, 1, 3, "checkout").error(2)
                .client("frontend", 4, 1, 3, null)
                .build();

        assertThat(ServiceGraph.edges(trace)).containsExactlyInAnyOrder(
                new ServiceEdge("user", "frontend", "virtual_node", false, 0.1, 0),
                new ServiceEdge("frontend", "checkout", "virtual_node", true, 0, 0.003));
    }

    @Test
    void producerAndConsumerAreAMessagingRequest() {
        TracesData trace = new TraceBuilder()
                .server("checkout", 1, 0, 100)
                .span("checkout", 2, 1, 2, Span.SpanKind.SPAN_KIND_PRODUCER)
                .span("mailer", 3, 2, 7, Span.SpanKind.SPAN_KIND_CONSUMER)
                .build();

        assertThat(ServiceGraph.edges(trace)).contains(new ServiceEdge("checkout", "mailer", "messaging_system", false, 0.007, 0.002));
    }

    @Test
    void serverUnderAnInternalSpanIsNoRequest() {
        TracesData trace = new TraceBuilder()
                .span("frontend", 1, 0, 100, Span.SpanKind.SPAN_KIND_INTERNAL)
                .server("checkout", 2, 1, 50)
                .build();

        assertThat(ServiceGraph.edges(trace)).isEmpty();
    }

    /** Spans by small numbers; each span is its own resource, as the pairing must not depend on grouping. */
    static final class TraceBuilder {
        private final List<String> services = new ArrayList<>();
        private final List<Span.Builder> spans = new ArrayList<>();

        TraceBuilder server(String service, int id, int parent, int millis) {
            return span(service, id, parent, millis, Span.SpanKind.SPAN_KIND_SERVER);
        }

        TraceBuilder client(String service, int id, int parent, int millis, String peerService) {
            span(service, id, parent, millis, Span.SpanKind.SPAN_KIND_CLIENT);
            return peerService == null ? this : attr(id, "peer.service", peerService);
        }

        TraceBuilder span(String service, int id, int parent, int millis, Span.SpanKind kind) {
            services.add(service);
            spans.add(Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(id(id))
                    .setParentSpanId(parent == 0 ? ByteString.EMPTY : id(parent)).setKind(kind).setName("op" + id)
                    .setStartTimeUnixNano(T0).setEndTimeUnixNano(T0 + millis * 1_000_000L));
            return this;
        }

        TraceBuilder error(int id) {
            find(id).setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
            return this;
        }

        TraceBuilder attr(int id, String key, String value) {
            find(id).addAttributes(KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)));
            return this;
        }

        TracesData build() {
            TracesData.Builder data = TracesData.newBuilder();
            for (int i = 0; i < spans.size(); i++) {
                data.addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue(services.get(i)))))
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(spans.get(i))));
            }
            return data.build();
        }

        private Span.Builder find(int id) {
            return spans.stream().filter(s -> s.getSpanId().equals(id(id))).findFirst().orElseThrow();
        }

        private static ByteString id(int n) {
            byte[] b = new byte[8];
            b[7] = (byte) n;
            return ByteString.copyFrom(b);
        }
    }
}
