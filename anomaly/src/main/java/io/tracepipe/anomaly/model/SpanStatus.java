package io.tracepipe.anomaly.model;

/** The OpenTelemetry span status codes. */
public enum SpanStatus {
    UNSET, OK, ERROR
}
