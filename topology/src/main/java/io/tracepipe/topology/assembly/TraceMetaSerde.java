package io.tracepipe.topology.assembly;

import io.tracepipe.sampling.SamplingDecision;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link TraceMeta} for the assembler's metadata store: fixed fields, how the last
 * part was completed, where the earlier parts are stored, then the sampling decision, if any (a keep
 * byte, then the deciding policy's name in UTF-8). Version 2 records (without completion and
 * earlier parts), as an older tracepipe wrote them to the changelog, are still read.
 */
public final class TraceMetaSerde implements Serde<TraceMeta> {
    private static final byte VERSION = 3;
    private static final byte VERSION_WITHOUT_PARTS = 2;
    private static final int FIXED = 1 + 1 + Integer.BYTES + 4 * Long.BYTES + 2 * Integer.BYTES;
    private static final int PART = Long.BYTES + Integer.BYTES;
    private static final byte NOT_COMPLETED = -1;
    private static final byte KEEP = 1;
    private static final byte DROP = 0;

    @Override
    public Serializer<TraceMeta> serializer() {
        return (topic, m) -> {
            if (m == null) {
                return null;
            }
            byte[] decision = encode(m.samplingDecision());
            ByteBuffer out = ByteBuffer.allocate(FIXED + 2 + Integer.BYTES + m.earlierParts().size() * PART + decision.length)
                    .put(VERSION).put((byte) (m.open() ? 1 : 0)).putInt(m.part())
                    .putLong(m.firstArrivalMs()).putLong(m.lastArrivalMs()).putLong(m.windowTimestampMs())
                    .putInt(m.spanCount()).putInt(m.fragmentCount()).putLong(m.emittedAtMs())
                    .put(m.completion() == null ? NOT_COMPLETED : (byte) m.completion().ordinal())
                    .put((byte) (m.completedByLagBound() ? 1 : 0)).putInt(m.earlierParts().size());
            for (TraceMeta.StoredPart p : m.earlierParts()) {
                out.putLong(p.windowTimestampMs()).putInt(p.fragmentCount());
            }
            return out.put(decision).array();
        };
    }

    @Override
    public Deserializer<TraceMeta> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < FIXED || bytes[0] != VERSION && bytes[0] != VERSION_WITHOUT_PARTS) {
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
            Completion completion = null;
            boolean byLagBound = false;
            List<TraceMeta.StoredPart> earlier = new ArrayList<>();
            if (bytes[0] == VERSION) {
                byte how = b.get();
                completion = how == NOT_COMPLETED ? null : Completion.values()[how];
                byLagBound = b.get() == 1;
                int parts = b.getInt();
                for (int i = 0; i < parts; i++) {
                    earlier.add(new TraceMeta.StoredPart(b.getLong(), b.getInt()));
                }
            }
            SamplingDecision decision = null;
            if (b.hasRemaining()) {
                boolean keep = b.get() == KEEP;
                decision = new SamplingDecision(keep, StandardCharsets.UTF_8.decode(b).toString());
            }
            return new TraceMeta(open, part, first, last, windowTs, spans, fragments, emittedAt, decision, completion, byLagBound, earlier);
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
