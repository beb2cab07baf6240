package io.tracepipe.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.trace.v1.TracesData;

/**
 * Decodes one input record value (OTLP protobuf, Confluent-framed protobuf or OTLP JSON) into
 * per-trace fragments and dead letters. Never throws on bad input: it becomes a dead letter.
 */
public final class OtlpRecordDecoder {
    /** Spans larger than this (serialized) are parked as dead letters instead of assembled. */
    public static final int MAX_SPAN_BYTES = SpanFragmenter.MAX_SPAN_BYTES;

    private final Encoding encoding;

    public OtlpRecordDecoder(Encoding encoding) {
        this.encoding = encoding;
    }

    public DecodedRecord decode(byte[] value) {
        if (value == null || value.length == 0) {
            return DecodedRecord.undecodable("empty record value", value == null ? new byte[0] : value);
        }
        TracesData data;
        try {
            data = parse(value);
        } catch (InvalidProtocolBufferException e) {
            return DecodedRecord.undecodable("otlp_proto: " + e.getMessage(), value);
        } catch (OtlpJson.MalformedJsonException e) {
            return DecodedRecord.undecodable("otlp_json: " + e.getMessage(), value);
        } catch (IllegalArgumentException e) {
            return DecodedRecord.undecodable(e.getMessage(), value);
        }
        return SpanFragmenter.fragment(data, value);
    }

    private TracesData parse(byte[] value) throws InvalidProtocolBufferException {
        switch (encoding) {
            case OTLP_JSON:
                return OtlpJson.parse(value);
            case AUTO:
                return parseAuto(value);
            case OTLP_PROTO:
            default:
                return parseProto(value);
        }
    }

    private static TracesData parseAuto(byte[] value) throws InvalidProtocolBufferException {
        if (!OtlpJson.looksLikeJson(value)) {
            return parseProto(value);
        }
        try {
            return OtlpJson.parse(value);
        } catch (OtlpJson.MalformedJsonException notJson) {
            // Protobuf TracesData starts with tag 0x0A, which is also '\n': when its first length byte is '{' (a
            // 123-byte ResourceSpans) it looks like JSON. It is protobuf if it parses as such; else the JSON error stands.
            if (value[0] != '\n') {
                throw notJson;
            }
            try {
                return parseProto(value);
            } catch (InvalidProtocolBufferException notProtobufEither) {
                notJson.addSuppressed(notProtobufEither);
                throw notJson;
            }
        }
    }

    // ExportTraceServiceRequest and TracesData share their wire format (field 1: repeated ResourceSpans).
    private static TracesData parseProto(byte[] value) throws InvalidProtocolBufferException {
        int offset = ConfluentWireFormat.isFramed(value) ? ConfluentWireFormat.payloadOffset(value) : 0;
        return TracesData.parser().parseFrom(value, offset, value.length - offset);
    }
}
