package io.tracepipe.ingest;

/**
 * Decodes one input record value (OTLP protobuf, Confluent-framed protobuf or OTLP JSON) into
 * per-trace fragments and dead letters. Protobuf is cut by a wire-level scan ({@link WireFragmenter}):
 * no objects are built and the spans' bytes are passed on as they came. Never throws on bad input:
 * it becomes a dead letter.
 */
public final class OtlpRecordDecoder {
    /** Spans larger than this (serialized) are parked as dead letters instead of assembled. */
    public static final int MAX_SPAN_BYTES = WireFragmenter.MAX_SPAN_BYTES;

    private static final String PROTO = "otlp_proto";

    private final Encoding encoding;

    public OtlpRecordDecoder(Encoding encoding) {
        this.encoding = encoding;
    }

    public DecodedRecord decode(byte[] value) {
        if (value == null || value.length == 0) {
            return DecodedRecord.undecodable("empty record value", value == null ? new byte[0] : value);
        }
        switch (encoding) {
            case OTLP_JSON:
                return decodeJson(value);
            case AUTO:
                return decodeAuto(value);
            case OTLP_PROTO:
            default:
                return decodeProto(value);
        }
    }

    private static DecodedRecord decodeAuto(byte[] value) {
        if (!OtlpJson.looksLikeJson(value)) {
            return decodeProto(value);
        }
        DecodedRecord json = decodeJson(value);
        // Protobuf TracesData starts with tag 0x0A, which is also '\n': when its first length byte is '{' (a
        // 123-byte ResourceSpans) it looks like JSON. It is protobuf if it scans as such, cleanly; else the JSON error stands.
        if (json.isUndecodable() && value[0] == '\n') {
            DecodedRecord proto = decodeProto(value);
            if (!proto.isUndecodable() && proto.malformedSpans() == 0) {
                return proto;
            }
        }
        return json;
    }

    private static DecodedRecord decodeJson(byte[] value) {
        byte[] proto;
        try {
            proto = OtlpJson.parse(value).toByteArray();
        } catch (OtlpJson.MalformedJsonException e) {
            return DecodedRecord.undecodable("otlp_json: " + e.getMessage(), value);
        }
        return WireFragmenter.fragment(proto, 0, proto.length, value, "otlp_json");
    }

    // ExportTraceServiceRequest and TracesData share their wire format (field 1: repeated ResourceSpans).
    private static DecodedRecord decodeProto(byte[] value) {
        int offset;
        try {
            offset = ConfluentWireFormat.isFramed(value) ? ConfluentWireFormat.payloadOffset(value) : 0;
        } catch (IllegalArgumentException e) {
            return DecodedRecord.undecodable(e.getMessage(), value);
        }
        return WireFragmenter.fragment(value, offset, value.length, value, PROTO);
    }
}
