package io.tracepipe.topology.rules;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A task's partial statistics of one rule and group key for one window, on their way to be merged. */
public record WindowPartial(long windowStartMs, byte[] stats) {

    /** Binary form on the repartition topic: the window start, then the encoded WindowStats. */
    public static final class WindowPartialSerde implements Serde<WindowPartial> {
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
}
