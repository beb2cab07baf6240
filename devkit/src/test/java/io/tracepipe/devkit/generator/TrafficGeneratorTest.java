package io.tracepipe.devkit.generator;

import static io.tracepipe.devkit.generator.Spans.attribute;
import static io.tracepipe.devkit.generator.Spans.isError;
import static io.tracepipe.devkit.generator.Spans.named;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

    @Test
    void sameSeedGivesIdenticalTraces() {
        List<GeneratedTrace> first = Traffic.withSeed(7).traces(300);
        List<GeneratedTrace> second = Traffic.withSeed(7).traces(300);

        assertThat(spansOf(second)).isEqualTo(spansOf(first));
    }

    @Test
    void differentSeedsGiveDifferentIds() {
        Set<String> first = traceIds(Traffic.withSeed(7).traces(100));
        Set<String> second = traceIds(Traffic.withSeed(8).traces(100));

        assertThat(first).hasSize(100).doesNotContainAnyElementsOf(second);
    }

    @Test
    void idsAreValidAndSpanIdsUniqueWithinATrace() {
        for (GeneratedTrace trace : Traffic.withSeed(1).traces(500)) {
            assertThat(trace.traceId()).as("16 bytes, not all zeros").hasSize(16).isNotEqualTo(new byte[16]);
            for (ServiceSpan s : trace.spans()) {
                assertThat(s.span().getTraceId().toByteArray()).isEqualTo(trace.traceId());
                assertThat(s.span().getSpanId().toByteArray()).as("8 bytes, not all zeros").hasSize(8).isNotEqualTo(new byte[8]);
            }
            assertThat(Spans.bySpanId(trace)).hasSize(trace.spanCount());
        }
    }

    @Test
    void everyParentIsASpanOfTheSameTraceExceptTheRoot() {
        for (GeneratedTrace trace : Traffic.withSeed(2).traces(500)) {
            Map<ByteString, ServiceSpan> byId = Spans.bySpanId(trace);
            assertThat(trace.root().span().getParentSpanId().isEmpty()).isTrue();
            for (ServiceSpan s : trace.spans().subList(1, trace.spanCount())) {
                assertThat(byId).containsKey(s.span().getParentSpanId());
            }
        }
    }

    @Test
    void childrenStartNoEarlierThanTheirParentAndEndWithinItUnlessFireAndForget() {
        for (GeneratedTrace trace : Traffic.withSeed(3).traces(500)) {
            Map<ByteString, ServiceSpan> byId = Spans.bySpanId(trace);
            for (ServiceSpan child : trace.spans().subList(1, trace.spanCount())) {
                Span parent = byId.get(child.span().getParentSpanId()).span();
                assertThat(child.span().getStartTimeUnixNano()).isGreaterThanOrEqualTo(parent.getStartTimeUnixNano());
                assertThat(child.span().getEndTimeUnixNano()).isGreaterThan(child.span().getStartTimeUnixNano());
                if (!child.span().getName().equals("publish order-placed")) {
                    assertThat(child.span().getEndTimeUnixNano()).isLessThanOrEqualTo(parent.getEndTimeUnixNano());
                }
            }
        }
    }

    @Test
    void everyServerSpanBelowTheRootIsCalledByAClientSpanInAnotherService() {
        for (GeneratedTrace trace : Traffic.withSeed(4).traces(300)) {
            Map<ByteString, ServiceSpan> byId = Spans.bySpanId(trace);
            for (ServiceSpan server : trace.spans()) {
                if (server.span().getKind() != SpanKind.SPAN_KIND_SERVER || server == trace.root()) {
                    continue;
                }
                ServiceSpan client = byId.get(server.span().getParentSpanId());
                assertThat(client.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
                assertThat(client.span().getName()).isEqualTo(server.span().getName());
                assertThat(client.serviceName()).isNotEqualTo(server.serviceName());
                assertThat(attribute(client.span(), "server.address")).isEqualTo(server.instance().service().host());
            }
        }
    }

    @Test
    void traceSizesFollowTheKind() {
        assertThat(sizes(TraceKind.BROWSE, 50)).allSatisfy(n -> assertThat(n).isBetween(2, 3));
        assertThat(sizes(TraceKind.PRODUCT, 50)).allSatisfy(n -> assertThat(n).isEqualTo(5));
        assertThat(sizes(TraceKind.CHECKOUT, 200)).allSatisfy(n -> assertThat(n).isBetween(10, 30));
        assertThat(sizes(TraceKind.BULK_CHECKOUT, 30)).allSatisfy(n -> assertThat(n).isBetween(100, 300));
    }

    @Test
    void theDefaultMixIsMostlySmallTracesWithOccasionalBigOnes() {
        Map<TraceKind, Integer> counts = new EnumMap<>(TraceKind.class);
        for (GeneratedTrace trace : new Traffic().traces(20_000)) {
            counts.merge(trace.kind(), 1, Integer::sum);
        }
        assertThat(counts.get(TraceKind.BROWSE)).isBetween(8_600, 9_400);
        assertThat(counts.get(TraceKind.CHECKOUT)).isBetween(3_700, 4_300);
        assertThat(counts.get(TraceKind.BULK_CHECKOUT)).isBetween(60, 140);
    }

    @Test
    void aCheckoutCallsCheckoutInventoryPaymentAndTheDatabase() {
        GeneratedTrace trace = new Traffic().only(TraceKind.CHECKOUT).trace();

        assertThat(trace.spans()).anyMatch(named("frontend", "POST /checkout", SpanKind.SPAN_KIND_SERVER))
                .anyMatch(named("checkout", "POST /checkout", SpanKind.SPAN_KIND_SERVER))
                .anyMatch(named("checkout", "POST /charge", SpanKind.SPAN_KIND_CLIENT))
                .anyMatch(named("payment", "POST /charge", SpanKind.SPAN_KIND_SERVER))
                .anyMatch(named("inventory", "POST /reserve", SpanKind.SPAN_KIND_SERVER))
                .anyMatch(named("inventory", "UPDATE stock", SpanKind.SPAN_KIND_CLIENT))
                .anyMatch(named("checkout", "SELECT orders", SpanKind.SPAN_KIND_CLIENT))
                .anyMatch(s -> s.span().getKind() == SpanKind.SPAN_KIND_INTERNAL);
        assertThat(trace.root().serviceName()).isEqualTo("frontend");
    }

    @Test
    void httpServerSpansCarrySemanticConventionAttributes() {
        ServiceSpan charge = Spans.matching(new Traffic().only(TraceKind.CHECKOUT).traces(1),
                named("payment", "POST /charge", SpanKind.SPAN_KIND_SERVER)).get(0);

        assertThat(attribute(charge.span(), "http.request.method")).isEqualTo("POST");
        assertThat(attribute(charge.span(), "http.route")).isEqualTo("/charge");
        assertThat(attribute(charge.span(), "url.path")).isEqualTo("/charge");
        assertThat(attribute(charge.span(), "http.response.status_code")).isEqualTo("200");
        assertThat(attribute(charge.span(), "server.address")).isEqualTo("payment");
        assertThat(charge.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    }

    @Test
    void databaseSpansCarryPostgresqlAttributes() {
        List<ServiceSpan> queries = Spans.matching(new Traffic().only(TraceKind.CHECKOUT).traces(5),
                s -> attribute(s.span(), "db.system") != null);

        assertThat(queries).isNotEmpty().allSatisfy(q -> {
            assertThat(q.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
            assertThat(q.serviceName()).isIn("checkout", "inventory");
            assertThat(attribute(q.span(), "db.system")).isEqualTo("postgresql");
            assertThat(attribute(q.span(), "db.name")).isIn("orders", "inventory");
            assertThat(attribute(q.span(), "db.query.text")).isEqualTo(attribute(q.span(), "db.statement")).isNotBlank();
            assertThat(attribute(q.span(), "server.address")).endsWith("-db");
        });
    }

    @Test
    void resourcesDescribeThePodAndScopesTheService() {
        for (ServiceInstance pod : ShopTopology.standard().instances()) {
            var attributes = pod.resource().getAttributesList();
            assertThat(attribute(attributes, "service.name")).isEqualTo(pod.serviceName());
            assertThat(attribute(attributes, "k8s.pod.name")).isEqualTo(pod.podName()).startsWith(pod.serviceName() + "-");
            assertThat(attributes.stream().map(kv -> kv.getKey()).collect(Collectors.toSet())).contains(
                    "service.version", "deployment.environment.name", "k8s.namespace.name", "k8s.deployment.name",
                    "host.name", "telemetry.sdk.name", "telemetry.sdk.language", "telemetry.sdk.version");
            assertThat(pod.scope().getName()).contains(pod.serviceName());
            assertThat(pod.scope().getVersion()).isEqualTo(pod.service().version());
        }
    }

    @Test
    void aDeclinedCardIsAnErrorForTheCallerButNotForThePaymentServer() {
        GeneratedTrace trace = new Traffic().only(TraceKind.CHECKOUT).naturalFailures(1.0).trace();
        Map<ByteString, ServiceSpan> byId = Spans.bySpanId(trace);
        ServiceSpan server = Spans.matching(List.of(trace), named("payment", "POST /charge", SpanKind.SPAN_KIND_SERVER)).get(0);
        Span client = byId.get(server.span().getParentSpanId()).span();

        assertThat(attribute(server.span(), "http.response.status_code")).isEqualTo("402");
        assertThat(isError(server.span())).isFalse();
        assertThat(attribute(client, "http.response.status_code")).isEqualTo("402");
        assertThat(attribute(client, "error.type")).isEqualTo("402");
        assertThat(isError(client)).isTrue();
        assertThat(trace.spans()).noneMatch(s -> s.span().getName().equals("INSERT orders"));
    }

    @Test
    void nextTraceOfAGivenKindStartsAtTheGivenInstant() {
        Instant start = Instant.parse("2030-01-01T00:00:00.123456789Z");
        GeneratedTrace trace = new TrafficGenerator(GeneratorSettings.defaults(5)).nextTrace(TraceKind.PRODUCT, start);

        assertThat(trace.kind()).isEqualTo(TraceKind.PRODUCT);
        assertThat(trace.start()).isEqualTo(start);
        assertThat(trace.end()).isAfter(start);
    }

    private static List<Span> spansOf(List<GeneratedTrace> traces) {
        return traces.stream().flatMap(t -> t.spans().stream()).map(ServiceSpan::span).collect(Collectors.toList());
    }

    private static Set<String> traceIds(List<GeneratedTrace> traces) {
        return traces.stream().map(GeneratedTrace::traceIdHex).collect(Collectors.toSet());
    }

    private static List<Integer> sizes(TraceKind kind, int count) {
        return new Traffic().only(kind).traces(count).stream().map(GeneratedTrace::spanCount).collect(Collectors.toList());
    }
}
