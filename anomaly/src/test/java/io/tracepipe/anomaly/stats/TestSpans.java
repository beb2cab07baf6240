package io.tracepipe.anomaly.stats;

import io.tracepipe.anomaly.model.SpanKind;
import io.tracepipe.anomaly.model.SpanStatus;
import io.tracepipe.anomaly.model.SpanView;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Builds spans for tests: a server span of service {@code svc}, operation {@code op}, 1 ms long, status unset, unless told otherwise. */
public final class TestSpans {

    private static final long START = 1_700_000_000_000_000_000L;

    private String traceId = "0af7651916cd43dd8448eb211c80319c";
    private String spanId = "b7ad6b7169203331";
    private String parentSpanId = "";
    private String service = "svc";
    private String operation = "op";
    private SpanKind kind = SpanKind.SERVER;
    private SpanStatus status = SpanStatus.UNSET;
    private long durationNanos = 1_000_000;
    private final Map<String, Object> attributes = new HashMap<>();

    public static TestSpans span() {
        return new TestSpans();
    }

    public TestSpans trace(String id) {
        this.traceId = id;
        return this;
    }

    public TestSpans id(String id) {
        this.spanId = id;
        return this;
    }

    public TestSpans parent(String id) {
        this.parentSpanId = id;
        return this;
    }

    public TestSpans service(String name) {
        this.service = name;
        return this;
    }

    public TestSpans operation(String name) {
        this.operation = name;
        return this;
    }

    public TestSpans kind(SpanKind k) {
        this.kind = k;
        return this;
    }

    public TestSpans status(SpanStatus s) {
        this.status = s;
        return this;
    }

    public TestSpans error() {
        return status(SpanStatus.ERROR);
    }

    public TestSpans error(boolean errored) {
        return status(errored ? SpanStatus.ERROR : SpanStatus.OK);
    }

    public TestSpans lasting(Duration d) {
        this.durationNanos = d.toNanos();
        return this;
    }

    public TestSpans lastingNanos(long nanos) {
        this.durationNanos = nanos;
        return this;
    }

    public TestSpans attr(String key, Object value) {
        attributes.put(key, value);
        return this;
    }

    public SpanView build() {
        return new SpanView(traceId, spanId, parentSpanId, service, operation, kind, status, START,
                START + durationNanos, attributes);
    }
}
