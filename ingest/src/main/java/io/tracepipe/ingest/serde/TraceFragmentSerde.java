package io.tracepipe.ingest.serde;

import io.tracepipe.ingest.Ids;
import io.tracepipe.ingest.TraceFragment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of a {@link TraceFragment} on the repartition topic: a version byte, the span count, the
 * 16-byte trace id, then the OTLP TracesData bytes untouched.
 */
public final class TraceFragmentSerde implements Serde<TraceFragment> {
    private static final byte VERSION = 1;
    private static final int HEADER = 1 + Integer.BYTES + Ids.TRACE_ID_BYTES;

    @Override
    public Serializer<TraceFragment> serializer() {
        return (topic, f) -> {
            if (f == null) {
                return null;
            }
            return ByteBuffer.allocate(HEADER + f.tracesData().length)
                    .put(VERSION).putInt(f.spanCount()).put(f.traceId()).put(f.tracesData()).array();
        };
    }

    @Override
    public Deserializer<TraceFragment> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < HEADER || bytes[0] != VERSION) {
                throw new SerializationException("not a trace fragment (version " + (bytes.length > 0 ? bytes[0] : -1) + ", "
                        + bytes.length + " bytes) on " + topic);
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            int spanCount = buf.getInt();
            byte[] traceId = new byte[Ids.TRACE_ID_BYTES];
            buf.get(traceId);
            try {
                return new TraceFragment(traceId, spanCount, Arrays.copyOfRange(bytes, HEADER, bytes.length));
            } catch (IllegalArgumentException e) {
                // A header that no serializer of ours wrote (e.g. a span count below 1).
                throw new SerializationException("not a trace fragment: " + e.getMessage() + " on " + topic, e);
            }
        };
    }
}
