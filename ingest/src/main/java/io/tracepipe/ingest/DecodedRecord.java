package io.tracepipe.ingest;

import java.util.List;

/** What one input record became: fragments of traces to assemble and dead letters to park. */
public record DecodedRecord(List<TraceFragment> fragments, List<DeadLetter> deadLetters) {
    public DecodedRecord {
        fragments = List.copyOf(fragments);
        deadLetters = List.copyOf(deadLetters);
    }

    static DecodedRecord undecodable(String reason, byte[] original) {
        return new DecodedRecord(List.of(), List.of(new DeadLetter(DeadLetter.Kind.UNDECODABLE, reason, original, 0)));
    }

    public int spanCount() {
        int n = 0;
        for (TraceFragment f : fragments) {
            n += f.spanCount();
        }
        return n;
    }
}
