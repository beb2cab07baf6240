package io.tracepipe.topology.decode;

/**
 * How far the consumer is from the end of an input partition: the evidence that a quiet partition
 * is caught up, not merely starved of fetched records while its backlog waits on the broker (a
 * task waiting for a fetch, or for its turn, is not a caught-up partition).
 */
@FunctionalInterface
public interface InputLag {
    /** Without a consumer to ask (the topology test driver): quiet time alone decides. */
    InputLag QUIET_TIME_ONLY = (topic, partition) -> 0;

    /** Records of {@code topic}/{@code partition} not yet fetched: 0 at the end, negative when not known (yet). */
    long recordsBehind(String topic, int partition);
}
