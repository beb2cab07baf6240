package io.tracepipe.topology.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.ConfluentWireFormat;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ProtobufSerdeTest {
    private static final String TOPIC = "otlp-spans";
    private static final TracesData DATA = TracesData.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
                            .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("checkout"))))
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName("GET /cart"))))
            .build();

    private final ProtobufSerde<TracesData> serde = new ProtobufSerde<>(TracesData.parser());

    @Test
    void roundTripsAMessage() {
        byte[] bytes = serde.serializer().serialize(TOPIC, DATA);

        assertThat(bytes).isEqualTo(DATA.toByteArray());
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(DATA);
    }

    @Test
    void readsConfluentFramedBytes() {
        byte[] framed = ConfluentWireFormat.frame(42, DATA.toByteArray());

        assertThat(serde.deserializer().deserialize(TOPIC, framed)).isEqualTo(DATA);
    }

    @Test
    void keepsNullAsNull() {
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void readsEmptyBytesAsTheEmptyMessage() {
        assertThat(serde.deserializer().deserialize(TOPIC, new byte[0])).isEqualTo(TracesData.getDefaultInstance());
    }

    @Test
    void refusesTruncatedProtobufWithASerializationException() {
        byte[] bytes = DATA.toByteArray();
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC);
    }

    @Test
    void refusesBrokenConfluentFramingWithASerializationException() {
        byte[] framedWithTruncatedIndexes = {0, 0, 0, 0, 42, 4, 2}; // count 2, one index written

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, framedWithTruncatedIndexes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("confluent framing");
    }
}
