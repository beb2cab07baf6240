package io.tracepipe.topology.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.FragmentBundle;
import io.tracepipe.ingest.Ids;
import io.tracepipe.ingest.TraceFragment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class FragmentBundleSerdeTest {
    private static final String TOPIC = "tracepipe-spans-by-trace";
    private static final byte[] TRACE_A = Ids.fromHex("5b8efff798038103d269b633813fc60c");
    private static final byte[] TRACE_B = Ids.fromHex("0af7651916cd43dd8448eb211c80319c");

    private final FragmentBundleSerde serde = new FragmentBundleSerde();

    @Test
    void roundTripsEveryFragmentOfABundleInOrder() {
        byte[] two = spans("a", "b");
        byte[] one = spans("c");
        FragmentBundle bundle = new FragmentBundle(List.of(new TraceFragment(TRACE_A, 2, two), new TraceFragment(TRACE_B, 1, one)));

        FragmentBundle read = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, bundle));

        assertThat(read.fragments()).hasSize(2);
        assertThat(read.fragments().get(0).traceId()).isEqualTo(TRACE_A);
        assertThat(read.fragments().get(0).spanCount()).isEqualTo(2);
        assertThat(read.fragments().get(0).tracesData()).isEqualTo(two);
        assertThat(read.fragments().get(1).traceId()).isEqualTo(TRACE_B);
        assertThat(read.fragments().get(1).tracesData()).isEqualTo(one);
        assertThat(read.spanCount()).isEqualTo(3);
    }

    @Test
    void keepsNullAsNull() {
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void refusesForeignBytesWithASerializationException() {
        byte[] valid = serde.serializer().serialize(TOPIC, new FragmentBundle(List.of(new TraceFragment(TRACE_A, 1, spans("a")))));
        byte[] tooShort = {2, 0, 0};
        byte[] otherVersion = valid.clone();
        otherVersion[0] = 1;
        byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
        byte[] trailing = Arrays.copyOf(valid, valid.length + 2);
        byte[] protobuf = TracesData.newBuilder().addResourceSpans(ResourceSpans.getDefaultInstance()).build().toByteArray();
        byte[] noFragments = ByteBuffer.allocate(5).put((byte) 2).putInt(0).array();
        byte[] hugeCount = ByteBuffer.allocate(41).put((byte) 2).putInt(Integer.MAX_VALUE).array();
        byte[] negativeLength = ByteBuffer.allocate(5 + 24).put((byte) 2).putInt(1).put(TRACE_A).putInt(1).putInt(-4).array();
        byte[] noSpans = ByteBuffer.allocate(5 + 24).put((byte) 2).putInt(1).put(TRACE_A).putInt(0).putInt(0).array();

        for (byte[] foreign : new byte[][] {new byte[0], tooShort, otherVersion, truncated, trailing, protobuf, noFragments, hugeCount,
                negativeLength, noSpans}) {
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, foreign))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(TOPIC);
        }
    }

    private static byte[] spans(String... names) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (String name : names) {
            scope.addSpans(Span.newBuilder().setName(name));
        }
        return TracesData.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope)).build().toByteArray();
    }
}
