package io.tracepipe.topology.serde;

import io.tracepipe.ingest.FragmentBundle;
import io.tracepipe.ingest.Ids;
import io.tracepipe.ingest.TraceFragment;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of a {@link FragmentBundle} on the repartition topic: a version byte and the fragment
 * count, then per fragment the 16-byte trace id, the span count, the length and the OTLP
 * TracesData bytes untouched.
 */
public final class FragmentBundleSerde implements Serde<FragmentBundle> {
    private static final byte VERSION = 2;
    private static final int FRAGMENT_HEADER = Ids.TRACE_ID_BYTES + 2 * Integer.BYTES;

    @Override
    public Serializer<FragmentBundle> serializer() {
        return (topic, bundle) -> {
            if (bundle == null) {
                return null;
            }
            ByteBuffer out = ByteBuffer.allocate(size(bundle));
            write(out, bundle);
            return out.array();
        };
    }

    /** How many bytes {@link #write} takes for {@code bundle}. */
    static int size(FragmentBundle bundle) {
        int size = 1 + Integer.BYTES;
        for (TraceFragment f : bundle.fragments()) {
            size += FRAGMENT_HEADER + f.tracesData().length;
        }
        return size;
    }

    static void write(ByteBuffer out, FragmentBundle bundle) {
        out.put(VERSION).putInt(bundle.fragments().size());
        for (TraceFragment f : bundle.fragments()) {
            out.put(f.traceId()).putInt(f.spanCount()).putInt(f.tracesData().length).put(f.tracesData());
        }
    }

    @Override
    public Deserializer<FragmentBundle> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes, 0, topic);
    }

    /** Reads the bundle written at {@code offset} up to the end of {@code bytes}. */
    static FragmentBundle read(byte[] bytes, int offset, String topic) {
        int length = bytes.length - offset;
        if (length < 1 + Integer.BYTES || bytes[offset] != VERSION) {
            throw new SerializationException("not a fragment bundle (version " + (length > 0 ? bytes[offset] : -1) + ", "
                    + length + " bytes) on " + topic);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, offset + 1, length - 1);
            int count = in.getInt();
            if (count < 1 || count > in.remaining() / FRAGMENT_HEADER) {
                throw new IllegalArgumentException("fragment count " + count + " does not fit " + length + " bytes");
            }
            List<TraceFragment> fragments = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] traceId = new byte[Ids.TRACE_ID_BYTES];
                in.get(traceId);
                int spans = in.getInt();
                byte[] data = new byte[in.getInt()];
                in.get(data);
                fragments.add(new TraceFragment(traceId, spans, data));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last fragment");
            }
            return new FragmentBundle(fragments);
        } catch (IllegalArgumentException | BufferUnderflowException | NegativeArraySizeException e) {
            // Bytes that no serializer of ours wrote.
            throw new SerializationException("not a fragment bundle: " + e.getMessage() + " on " + topic, e);
        }
    }
}
