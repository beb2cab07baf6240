package io.tracepipe.ingest;

/**
 * Input that cannot go on, with the reason and the bytes to keep in the dead-letter topic.
 * {@code spanCount} is the number of spans parked (0 when the record could not be decoded at all).
 */
public record DeadLetter(Kind kind, String reason, byte[] payload, int spanCount) {

    /** What the payload holds. */
    public enum Kind {
        /** The record could not be decoded; the payload is the original record value. */
        UNDECODABLE,
        /** The record decoded, but these spans are invalid; the payload is OTLP TracesData holding just them. */
        INVALID_SPANS
    }
}
