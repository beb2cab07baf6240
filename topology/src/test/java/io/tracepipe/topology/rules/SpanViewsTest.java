package io.tracepipe.topology.rules;

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
import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanStatus;
import io.tracepipe.anomaly.model.SpanView;
import io.tracepipe.anomaly.model.TraceView;
import org.junit.jupiter.api.Test;

class SpanViewsTest {

    private static KeyValue attr(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    @Test
    void readsServiceKindStatusTimesAndMergedAttributes() {
        byte[] traceId = new byte[16];
        traceId[15] = 7;
        Span span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 2}))
                .setParentSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
                .setName("POST /charge")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .setStartTimeUnixNano(1_000)
                .setEndTimeUnixNano(5_000)
                .addAttributes(attr("http.response.status_code", AnyValue.newBuilder().setIntValue(503).build()))
                .addAttributes(attr("k8s.pod.name", str("payment-override")))
                .build();
        TracesData data = TracesData.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder()
                        .addAttributes(attr("service.name", str("payment")))
                        .addAttributes(attr("k8s.pod.name", str("payment-7d9f")))
                        .addAttributes(attr("deployment.environment.name", str("prod"))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();

        TraceView trace = SpanViews.of("00000000000000000000000000000007", data);

        assertThat(trace.spans()).hasSize(1);
        SpanView v = trace.spans().get(0);
        assertThat(v.service()).isEqualTo("payment");
        assertThat(v.operation()).isEqualTo("POST /charge");
        assertThat(v.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(v.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(v.spanId()).isEqualTo("0000000000000002");
        assertThat(v.parentSpanId()).isEqualTo("0000000000000001");
        assertThat(v.durationNanos()).isEqualTo(4_000);
        assertThat(v.attributes())
                .containsEntry("http.response.status_code", 503L)
                .containsEntry("deployment.environment.name", "prod")
                .as("the span's own value wins over the resource's").containsEntry("k8s.pod.name", "payment-override");
    }

    @Test
    void rootHasAnEmptyParentId() {
        Span root = Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8]))
                .setName("GET /").build();
        TracesData data = TracesData.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(root))).build();
        SpanView v = SpanViews.of("t", data).spans().get(0);
        assertThat(v.isRoot()).isTrue();
        assertThat(v.service()).isEqualTo("?");
        assertThat(v.kind()).isEqualTo(SpanKind.UNSPECIFIED);
        assertThat(v.status()).isEqualTo(SpanStatus.UNSET);
    }

    @Test
    void theFirstExceptionEventGivesTheExceptionTypeUnlessTheSpanHasOne() {
        Span.Event exception = Span.Event.newBuilder().setName("exception")
                .addAttributes(attr("exception.type", str("java.net.SocketTimeoutException")))
                .addAttributes(attr("exception.message", str("Read timed out"))).build();
        Span.Event other = Span.Event.newBuilder().setName("retry")
                .addAttributes(attr("exception.type", str("not.an.Exception"))).build();
        Span failed = Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8]))
                .setName("GET /").addEvents(other).addEvents(exception).build();
        Span own = failed.toBuilder().setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 3}))
                .addAttributes(attr("exception.type", str("Own"))).build();
        TracesData data = TracesData.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(failed).addSpans(own))).build();

        TraceView trace = SpanViews.of("t", data);

        assertThat(trace.spans().get(0).attributes()).containsEntry("exception.type", "java.net.SocketTimeoutException")
                .doesNotContainKey("exception.message");
        assertThat(trace.spans().get(1).attributes()).containsEntry("exception.type", "Own");
    }
}
