package io.tracepipe.devkit.generator;

import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;

/** A finished OTLP span together with the pod whose SDK recorded (and will export) it. */
public record ServiceSpan(ServiceInstance instance, Span span) {
    public String serviceName() {
        return instance.serviceName();
    }

    public Instant start() {
        return OtlpValues.instant(span.getStartTimeUnixNano());
    }

    /** When the span ended, which is when its SDK can first export it. */
    public Instant end() {
        return OtlpValues.instant(span.getEndTimeUnixNano());
    }
}
