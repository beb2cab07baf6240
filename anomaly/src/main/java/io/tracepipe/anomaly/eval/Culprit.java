package io.tracepipe.anomaly.eval;

/**
 * The service and operation most likely at fault, with its share (0..1) of the evidence: of the
 * critical-path time (latency) or of the error origins (errors) over the exemplar traces.
 */
public record Culprit(String service, String operation, double share) {}
