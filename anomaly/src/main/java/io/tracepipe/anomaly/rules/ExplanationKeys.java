package io.tracepipe.anomaly.rules;

import java.util.List;

/** The attribute keys an alert's explanation contrasts between bad and good spans, unless a rule names its own. */
public final class ExplanationKeys {

    /**
     * Where a request ran (resource attributes) and what it asked for and got (span attributes);
     * {@code exception.type} is the type of the span's first exception event.
     */
    public static final List<String> DEFAULTS = List.of(
            "service.version", "k8s.pod.name", "host.name", "k8s.node.name", "cloud.availability_zone",
            "cloud.region", "deployment.environment.name",
            "http.route", "http.response.status_code", "server.address", "db.system", "rpc.method", "error.type",
            "exception.type");

    private ExplanationKeys() {}
}
