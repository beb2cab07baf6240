package io.tracepipe.topology.decode;

import io.tracepipe.ingest.FragmentBundle;
import io.tracepipe.ingest.TraceFragment;
import java.util.List;

/**
 * What the task decoding input partition {@code sourcePartition} sends one assembler partition: a
 * bundle of fragments, or none at all (a progress mark), together with how far that input
 * partition's records had got when it was sent ({@code positionMs}, see {@link PartitionClock}), so
 * that each assembler knows the progress of every upstream partition, not only of those that
 * happen to hold its traces.
 *
 * @param bundle the fragments, or null for a progress mark
 */
public record SourcedBundle(int sourcePartition, long positionMs, FragmentBundle bundle) {

    /** A progress mark: no fragments, only the position. */
    public static SourcedBundle mark(int sourcePartition, long positionMs) {
        return new SourcedBundle(sourcePartition, positionMs, null);
    }

    public boolean isMark() {
        return bundle == null;
    }

    /** The fragments; none for a progress mark. */
    public List<TraceFragment> fragments() {
        return bundle == null ? List.of() : bundle.fragments();
    }
}
