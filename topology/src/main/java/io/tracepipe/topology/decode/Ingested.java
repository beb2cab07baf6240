package io.tracepipe.topology.decode;

import io.tracepipe.ingest.DeadLetter;
import io.tracepipe.ingest.FragmentBundle;

/** One output of decoding: the fragments bound for one assembler partition, or a dead letter to park. */
public record Ingested(FragmentBundle bundle, DeadLetter deadLetter) {
    static Ingested of(FragmentBundle bundle) {
        return new Ingested(bundle, null);
    }

    static Ingested of(DeadLetter deadLetter) {
        return new Ingested(null, deadLetter);
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }
}
