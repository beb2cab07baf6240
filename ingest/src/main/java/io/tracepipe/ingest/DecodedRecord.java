package io.tracepipe.ingest;

import java.util.List;

/**
 * What one input record became: fragments of traces to assemble and dead letters to park;
 * {@code malformedSpans} counts the spans set aside because their own bytes do not parse.
 */
public record DecodedRecord(List<TraceFragment> fragments, List<DeadLetter> deadLetters, int malformedSpans) {
    public DecodedRecord {
        fragments = List.copyOf(fragments);
        deadLetters = List.copyOf(deadLetters);
    }

    public DecodedRecord(List<TraceFragment> fragments, List<DeadLetter> deadLetters) {
        this(fragments, deadLetters, 0);
    }

    static DecodedRecord undecodable(String reason, byte[] original) {
        return new DecodedRecord(List.of(), List.of(new DeadLetter(DeadLetter.Kind.UNDECODABLE, reason, original, 0)));
    }

    /** True when the record could not be decoded at all (its one dead letter holds the original value). */
    public boolean isUndecodable() {
        return deadLetters.size() == 1 && deadLetters.get(0).kind() == DeadLetter.Kind.UNDECODABLE;
    }

    public int spanCount() {
        int n = 0;
        for (TraceFragment f : fragments) {
            n += f.spanCount();
        }
        return n;
    }
}
