package io.tracepipe.topology;

import io.tracepipe.topology.assembly.AssembledTrace;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Writes an assembled trace as OTLP TracesData bytes; its flags travel in record headers. */
public final class AssembledTraceSerde implements Serde<AssembledTrace> {
    @Override
    public Serializer<AssembledTrace> serializer() {
        return (topic, trace) -> trace == null ? null : trace.data().toByteArray();
    }

    @Override
    public Deserializer<AssembledTrace> deserializer() {
        return (topic, bytes) -> {
            throw new UnsupportedOperationException("assembled traces are only written; read them as TracesData");
        };
    }
}
