package io.tracepipe.anomaly.model;

/** The OpenTelemetry span kinds. */
public enum SpanKind {
    UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER
}
