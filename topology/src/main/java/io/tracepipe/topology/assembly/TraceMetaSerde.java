package io.tracepipe.topology.assembly;

import io.tracepipe.sampling.SamplingDecision;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link TraceMeta} for the assembler's metadata store: fixed fields, then the
 * sampling decision, if any (a keep byte, then the deciding policy's name in UTF-8).
 */
public final class TraceMetaSerde implements Serde<TraceMeta> {
    private static final byte VERSION = 2;
    private static final int FIXED = 1 + 1 + Integer.BYTES + 4 * Long.BYTES + 2 * Integer.BYTES;
    private static final byte KEEP = 1;
    private static final byte DROP = 0;

    @Override
    public Serializer<TraceMeta> serializer() {
        return (topic, m) -> {
            if (m == null) {
                return null;
            }
            byte[] decision = encode(m.samplingDecision());
            return ByteBuffer.allocate(FIXED + decision.length)
                    .put(VERSION).put((byte) (m.open() ? 1 : 0)).putInt(m.part())
                    .putLong(m.firstArrivalMs()).putLong(m.lastArrivalMs()).putLong(m.windowTimestampMs())
                    .putInt(m.spanCount()).putInt(m.fragmentCount()).putLong(m.emittedAtMs()).put(decision).array();
        };
    }

    @Override
    public Deserializer<TraceMeta> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < FIXED || bytes[0] != VERSION) {
                throw new SerializationException("not a trace meta record (" + bytes.length + " bytes)");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            boolean open = b.get() == 1;
            int part = b.getInt();
            long first = b.getLong();
            long last = b.getLong();
            long windowTs = b.getLong();
            int spans = b.getInt();
            int fragments = b.getInt();
            long emittedAt = b.getLong();
            SamplingDecision decision = null;
            if (b.hasRemaining()) {
                boolean keep = b.get() == KEEP;
                decision = new SamplingDecision(keep, StandardCharsets.UTF_8.decode(b).toString());
            }
            return new TraceMeta(open, part, first, last, windowTs, spans, fragments, emittedAt, decision);
        };
    }

    private static byte[] encode(SamplingDecision decision) {
        if (decision == null) {
            return new byte[0];
        }
        byte[] policy = decision.policy().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + policy.length).put(decision.keep() ? KEEP : DROP).put(policy).array();
    }
}
