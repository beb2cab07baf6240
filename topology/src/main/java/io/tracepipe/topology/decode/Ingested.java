package io.tracepipe.topology.decode;

import io.tracepipe.ingest.DeadLetter;

/** One output of decoding: the fragments bound for one assembler partition, or a dead letter to park. */
public sealed interface Ingested {

    /**
     * Fragments of one input record, each of one trace, all bound for the same partition of the
     * repartition by trace id (or none: a progress mark), with the input partition's position; {@code local} when that is the partition the input record came from,
     * so the fragments can go to this task's assembler without the round trip through the topic.
     */
    record Fragments(SourcedBundle bundle, boolean local) implements Ingested {}

    /** What could not be decoded, to be written to the dead-letter topic under the original key. */
    record DeadLettered(DeadLetter deadLetter) implements Ingested {}
}
