package io.tracepipe.topology.serde;

import io.tracepipe.ingest.FragmentBundle;
import io.tracepipe.topology.decode.SourcedBundle;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of a {@link SourcedBundle} on the repartition topic: a version byte, the source input
 * partition, its position, then the bundle as {@link FragmentBundleSerde} writes it (nothing for a
 * progress mark).
 */
public final class SourcedBundleSerde implements Serde<SourcedBundle> {
    private static final byte VERSION = 1;
    private static final int HEADER = 1 + Integer.BYTES + Long.BYTES;

    @Override
    public Serializer<SourcedBundle> serializer() {
        return (topic, sourced) -> {
            if (sourced == null) {
                return null;
            }
            ByteBuffer out = ByteBuffer.allocate(HEADER + (sourced.isMark() ? 0 : FragmentBundleSerde.size(sourced.bundle())))
                    .put(VERSION).putInt(sourced.sourcePartition()).putLong(sourced.positionMs());
            if (!sourced.isMark()) {
                FragmentBundleSerde.write(out, sourced.bundle());
            }
            return out.array();
        };
    }

    @Override
    public Deserializer<SourcedBundle> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < HEADER || bytes[0] != VERSION) {
                throw new SerializationException("not a sourced fragment bundle (version " + (bytes.length > 0 ? bytes[0] : -1) + ", "
                        + bytes.length + " bytes) on " + topic);
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, HEADER - 1);
            int partition = in.getInt();
            long position = in.getLong();
            FragmentBundle bundle = bytes.length == HEADER ? null : FragmentBundleSerde.read(bytes, HEADER, topic);
            return new SourcedBundle(partition, position, bundle);
        };
    }
}
