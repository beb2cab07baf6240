package io.tracepipe.ingest.wire;

/** Bytes that protobuf-java would refuse to parse; the message says where and why. */
public final class MalformedWireException extends RuntimeException {
    public MalformedWireException(String message) {
        // No stack trace: thrown per bad input, caught a few frames up, and the message is all that is used.
        super(message, null, false, false);
    }
}
