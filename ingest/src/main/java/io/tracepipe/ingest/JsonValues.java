package io.tracepipe.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Set;

/**
 * Converts the current JSON scalar to the value of a protobuf field: the proto3 JSON mapping (numbers as
 * numbers or strings, 64-bit integers usually as strings, enums as names or numbers, bytes as base64), except
 * that trace and span ids are hex, as OTLP/JSON writes them.
 */
final class JsonValues {
    /** OTLP/JSON writes these bytes fields (in Span, Span.Link, LogRecord, ...) as hex, not base64. */
    private static final Set<String> HEX_ID_FIELDS = Set.of("trace_id", "span_id", "parent_span_id");
    /** Characters of an unsigned 64-bit integer in decimal; more cannot be in range, whatever the exponent says. */
    private static final int MAX_INTEGER_DIGITS = 20;
    /** Jackson's own limit for number tokens; longer numeric strings are refused before BigDecimal meets them. */
    private static final int MAX_NUMBER_CHARS = 1000;
    private static final int VALUE_SHOWN = 40;

    private final JsonParser json;

    JsonValues(JsonParser json) {
        this.json = json;
    }

    /** The value of {@code field} from the current token, or null to leave the field alone (an unknown enum name). */
    Object read(FieldDescriptor field) throws IOException {
        switch (field.getType()) {
            case STRING:
                return string("a string");
            case BOOL:
                return bool();
            case INT32:
            case SINT32:
            case SFIXED32:
                return (int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UINT32:
            case FIXED32:
                return (int) integer(0, 0xFFFF_FFFFL); // Java holds uint32 in an int, as protobuf does
            case INT64:
            case SINT64:
            case SFIXED64:
                return integer(Long.MIN_VALUE, Long.MAX_VALUE);
            case UINT64:
            case FIXED64:
                return unsigned64();
            case DOUBLE:
                return floating();
            case FLOAT:
                return single();
            case BYTES:
                return HEX_ID_FIELDS.contains(field.getName()) ? hexId() : base64();
            case ENUM:
                return enumValue(field);
            default:
                throw malformed("expected an object");
        }
    }

    /** A failure at the current position, naming the JSON path (e.g. /resourceSpans/0/.../traceId). */
    OtlpJson.MalformedJsonException malformed(String problem) {
        return new OtlpJson.MalformedJsonException(problem + " at " + json.getParsingContext().pathAsPointer(), null);
    }

    private String string(String expected) throws IOException {
        if (json.currentToken() != JsonToken.VALUE_STRING) {
            throw malformed("expected " + expected);
        }
        return json.getText();
    }

    /** Number tokens and strings alike, as the JSON text (which keeps every digit of a 64-bit value). */
    private String numberText() throws IOException {
        JsonToken token = json.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_STRING) {
            throw malformed("expected a number");
        }
        String text = json.getText();
        if (text.length() > MAX_NUMBER_CHARS) {
            throw malformed("number of " + text.length() + " characters");
        }
        // Java's number parsers also take non-ASCII digits ("١٢٣"); a JSON number string is ASCII.
        if (token == JsonToken.VALUE_STRING && !looksNumeric(text) && !isSpecialDouble(text)) {
            throw malformed("not a number: " + shown(text));
        }
        return text;
    }

    private Boolean bool() throws IOException {
        JsonToken token = json.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.VALUE_STRING && ("true".equals(json.getText()) || "false".equals(json.getText()))) {
            return Boolean.valueOf(json.getText());
        }
        throw malformed("expected true or false");
    }

    private Long unsigned64() throws IOException {
        String text = numberText();
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException notPlain) {
            BigInteger value = exactInteger(text);
            if (value.signum() < 0 || value.bitLength() > Long.SIZE) {
                throw malformed("integer out of range: " + shown(text));
            }
            return value.longValue();
        }
    }

    private long integer(long min, long max) throws IOException {
        String text = numberText();
        long value;
        try {
            value = Long.parseLong(text); // the common case: plain decimal digits
        } catch (NumberFormatException notPlain) {
            BigInteger exact = exactInteger(text);
            if (exact.bitLength() >= Long.SIZE) {
                throw malformed("integer out of range: " + shown(text));
            }
            value = exact.longValue();
        }
        if (value < min || value > max) {
            throw malformed("integer out of range: " + shown(text));
        }
        return value;
    }

    /** An integer written in any JSON number form ("7", "7.0", "7e0"), refused if it has a fraction. */
    private BigInteger exactInteger(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text).stripTrailingZeros();
        } catch (NumberFormatException e) {
            throw malformed("not a number: " + shown(text));
        }
        if (value.scale() > 0) {
            throw malformed("not an integer: " + shown(text));
        }
        // Checked before expanding the exponent: "1e999999999" must not become a billion-digit BigInteger.
        if (value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw malformed("integer out of range: " + shown(text));
        }
        return value.toBigInteger();
    }

    private Double floating() throws IOException {
        String text = numberText();
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        double value;
        try {
            // numberText() let through number characters only, so no "1d", hex or padding reaches parseDouble.
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw malformed("not a number: " + shown(text));
        }
        if (Double.isInfinite(value)) {
            throw malformed("number out of range: " + shown(text));
        }
        return value;
    }

    private Float single() throws IOException {
        double value = floating();
        if (!Double.isInfinite(value) && Double.isInfinite((float) value)) {
            throw malformed("number out of range for a float: " + value);
        }
        return (float) value;
    }

    private Object hexId() throws IOException {
        String text = string("a hex string");
        try {
            // An empty id decodes to empty bytes: the span is then refused by id validation, not the whole record.
            return UnsafeByteOperations.unsafeWrap(Ids.fromHex(text));
        } catch (IllegalArgumentException e) {
            throw malformed("invalid hex id \"" + shown(text) + "\"");
        }
    }

    private Object base64() throws IOException {
        String text = string("a base64 string");
        // proto3 JSON accepts standard and URL-safe base64, padded or not; java.util's decoders take either padding.
        Base64.Decoder decoder = text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder();
        try {
            return UnsafeByteOperations.unsafeWrap(decoder.decode(text));
        } catch (IllegalArgumentException e) {
            throw malformed("invalid base64 \"" + shown(text) + "\"");
        }
    }

    private EnumValueDescriptor enumValue(FieldDescriptor field) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_STRING) {
            EnumValueDescriptor named = field.getEnumType().findValueByName(json.getText());
            if (named != null) {
                return named;
            }
            if (!looksNumeric(json.getText())) {
                // An enum name this version of OTLP does not know: ignored like an unknown field.
                return null;
            }
        }
        int number = (int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
        // proto3 enums are open: a number without a name is kept, as the protobuf parser keeps it.
        return field.getEnumType().findValueByNumberCreatingIfUnknown(number);
    }

    private static boolean isSpecialDouble(String text) {
        return "NaN".equals(text) || "Infinity".equals(text) || "-Infinity".equals(text);
    }

    /** Made of number characters only: such a string is an enum number (or malformed), anything else a name. */
    private static boolean looksNumeric(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if ("0123456789+-.eE".indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String shown(String text) {
        return text.length() <= VALUE_SHOWN ? text : text.substring(0, VALUE_SHOWN) + "...";
    }
}
