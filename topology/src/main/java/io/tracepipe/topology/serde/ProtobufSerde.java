package io.tracepipe.topology.serde;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.tracepipe.ingest.ConfluentWireFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A protobuf serde of our own (Confluent's is not on Maven Central): writes plain protobuf bytes,
 * reads plain or Confluent wire-framed bytes. Null stays null (tombstones).
 */
public final class ProtobufSerde<T extends MessageLite> implements Serde<T> {
    private final Parser<T> parser;

    public ProtobufSerde(Parser<T> parser) {
        this.parser = parser;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, message) -> message == null ? null : message.toByteArray();
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                int offset = ConfluentWireFormat.isFramed(bytes) ? ConfluentWireFormat.payloadOffset(bytes) : 0;
                return parser.parseFrom(bytes, offset, bytes.length - offset);
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                // Broken framing too: Kafka's deserialization error handling expects a SerializationException.
                throw new SerializationException("cannot parse protobuf from topic " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
