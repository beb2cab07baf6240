package io.tracepipe.anomaly.eval;

/** The statistics of one group key over one window; latencies in seconds. */
public record WindowSummary(long count, long errors, long slow, double p50Seconds, double p95Seconds, double p99Seconds, double maxSeconds) {}
