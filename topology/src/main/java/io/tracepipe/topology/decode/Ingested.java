package io.tracepipe.topology.decode;

import io.tracepipe.ingest.DeadLetter;
import io.tracepipe.ingest.TraceFragment;

/** One output of decoding: a trace fragment to assemble, or a dead letter to park. */
public record Ingested(TraceFragment fragment, DeadLetter deadLetter) {
    static Ingested of(TraceFragment fragment) {
        return new Ingested(fragment, null);
    }

    static Ingested of(DeadLetter deadLetter) {
        return new Ingested(null, deadLetter);
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }
}
