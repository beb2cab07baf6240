package io.tracepipe.alerting.sink;

import io.tracepipe.alerting.Alert;

/** Somewhere alerts go. Implementations must not block the caller, which is a stream thread. */
public interface AlertSink extends AutoCloseable {

    /** Hands one alert over; returns at once, whatever happens to the alert later. */
    void publish(Alert alert);

    /** Delivers what can still be delivered, within a bounded time, and releases resources. */
    @Override
    default void close() {}
}
