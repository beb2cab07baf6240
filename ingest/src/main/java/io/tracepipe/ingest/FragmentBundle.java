package io.tracepipe.ingest;

import java.util.List;

/**
 * The fragments of one input record that go to the same partition of the repartition by trace
 * id: one record on that topic instead of one per trace, so an input record of 50 traces costs
 * a few records downstream, not 50.
 */
public record FragmentBundle(List<TraceFragment> fragments) {
    public FragmentBundle {
        if (fragments.isEmpty()) {
            throw new IllegalArgumentException("a bundle holds at least one fragment");
        }
        fragments = List.copyOf(fragments);
    }

    public int spanCount() {
        int n = 0;
        for (TraceFragment f : fragments) {
            n += f.spanCount();
        }
        return n;
    }
}
