package io.tracepipe.topology.assembly;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Fixed-size binary form of {@link TraceMeta} for the assembler's metadata store. */
public final class TraceMetaSerde implements Serde<TraceMeta> {
    private static final byte VERSION = 1;
    private static final int SIZE = 1 + 1 + Integer.BYTES + 4 * Long.BYTES + Integer.BYTES;

    @Override
    public Serializer<TraceMeta> serializer() {
        return (topic, m) -> m == null ? null : ByteBuffer.allocate(SIZE)
                .put(VERSION).put((byte) (m.open() ? 1 : 0)).putInt(m.part())
                .putLong(m.firstArrivalMs()).putLong(m.lastArrivalMs()).putLong(m.windowTimestampMs())
                .putInt(m.spanCount()).putLong(m.emittedAtMs()).array();
    }

    @Override
    public Deserializer<TraceMeta> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != SIZE || bytes[0] != VERSION) {
                throw new SerializationException("not a trace meta record (" + bytes.length + " bytes)");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes, 1, SIZE - 1);
            boolean open = b.get() == 1;
            int part = b.getInt();
            long first = b.getLong();
            long last = b.getLong();
            long windowTs = b.getLong();
            int spans = b.getInt();
            long emittedAt = b.getLong();
            return new TraceMeta(open, part, first, last, windowTs, spans, emittedAt);
        };
    }
}
