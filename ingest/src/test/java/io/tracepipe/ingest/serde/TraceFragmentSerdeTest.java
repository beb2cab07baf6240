package io.tracepipe.ingest.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.Ids;
import io.tracepipe.ingest.TraceFragment;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TraceFragmentSerdeTest {
    private static final String TOPIC = "tracepipe-fragments";
    private static final byte[] TRACE_ID = Ids.fromHex("5b8efff798038103d269b633813fc60c");

    private final TraceFragmentSerde serde = new TraceFragmentSerde();

    @Test
    void roundTripsAFragment() {
        byte[] tracesData = TracesData.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName("a")).addSpans(Span.newBuilder().setName("b"))))
                .build().toByteArray();
        TraceFragment fragment = new TraceFragment(TRACE_ID, 2, tracesData);

        TraceFragment read = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, fragment));

        assertThat(read.traceId()).isEqualTo(TRACE_ID);
        assertThat(read.spanCount()).isEqualTo(2);
        assertThat(read.tracesData()).isEqualTo(tracesData);
    }

    @Test
    void keepsNullAsNull() {
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void refusesForeignBytesWithASerializationException() {
        byte[] tooShort = {1, 0, 0};
        byte[] otherVersion = ByteBuffer.allocate(40).put((byte) 2).putInt(1).put(TRACE_ID).array();
        byte[] protobuf = TracesData.newBuilder().addResourceSpans(ResourceSpans.getDefaultInstance()).build().toByteArray();
        byte[] noSpans = ByteBuffer.allocate(40).put((byte) 1).putInt(0).put(TRACE_ID).array();
        byte[] negativeSpans = ByteBuffer.allocate(40).put((byte) 1).putInt(-5).put(TRACE_ID).array();

        for (byte[] foreign : new byte[][] {new byte[0], tooShort, otherVersion, protobuf, noSpans, negativeSpans}) {
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, foreign))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(TOPIC);
        }
    }
}
