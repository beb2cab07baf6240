package io.tracepipe.alerting.sink;

/**
 * What a sink did with the alerts it was given, counted in alerts (not requests).
 *
 * @param sent delivered and accepted
 * @param retried attempts beyond the first, one per alert per retry
 * @param failed attempted and given up on (rejected, retries exhausted, or out of time at close)
 * @param dropped never attempted: pushed out of a full queue as the oldest, given after close,
 *     or still queued when close ran out of time
 */
public record SinkCounters(long sent, long retried, long failed, long dropped) {}
