package io.tracepipe.topology.serde;

import io.tracepipe.topology.rules.WindowPartial;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Binary form of a {@link WindowPartial} on the repartition topic: the window start, then the encoded WindowStats. */
public final class WindowPartialSerde implements Serde<WindowPartial> {
    @Override
    public Serializer<WindowPartial> serializer() {
        return (topic, p) -> p == null ? null
                : ByteBuffer.allocate(Long.BYTES + p.stats().length).putLong(p.windowStartMs()).put(p.stats()).array();
    }

    @Override
    public Deserializer<WindowPartial> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < Long.BYTES) {
                throw new SerializationException("window partial of " + bytes.length + " bytes on " + topic);
            }
            return new WindowPartial(ByteBuffer.wrap(bytes).getLong(), Arrays.copyOfRange(bytes, Long.BYTES, bytes.length));
        };
    }
}
