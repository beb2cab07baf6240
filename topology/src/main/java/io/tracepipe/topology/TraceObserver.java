package io.tracepipe.topology;

import io.tracepipe.topology.assembly.AssembledTrace;

/** Something that looks at every assembled trace without changing the stream (metrics). */
@FunctionalInterface
public interface TraceObserver {
    TraceObserver NONE = trace -> {};

    void observe(AssembledTrace trace);
}
