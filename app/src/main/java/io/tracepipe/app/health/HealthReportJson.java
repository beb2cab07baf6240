package io.tracepipe.app.health;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tracepipe.anomaly.health.AttributeCardinality;
import io.tracepipe.anomaly.health.HealthReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an instrumentation-health report ({@code /api/instrumentation-health}), the
 * worst {@code limit} offenders per category, and its reader ({@code tracepipe health}).
 * Offsets are in milliseconds.
 */
public final class HealthReportJson {
    private static final JsonFactory JSON = new JsonFactory();

    private HealthReportJson() {}

    public static byte[] write(HealthReport report, int limit) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(body)) {
            json.writeStartObject();
            json.writeNumberField("traces", report.traces());
            json.writeNumberField("spans", report.spans());
            json.writeNumberField("cardinality_period_seconds", report.cardinalityPeriod().toSeconds());
            json.writeNumberField("capped_attribute_values", report.cappedAttributeValues());
            json.writeArrayFieldStart("orphans");
            for (HealthReport.OrphanRow r : first(report.orphans(), limit)) {
                json.writeStartObject();
                json.writeStringField("service", r.service());
                json.writeStringField("caller", r.caller());
                json.writeNumberField("orphan_spans", r.orphanSpans());
                json.writeNumberField("service_spans", r.serviceSpans());
                json.writeNumberField("rate", r.rate());
                json.writeStringField("example_trace_id", r.exampleTraceId());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("multiple_roots");
            for (HealthReport.RootRow r : first(report.multipleRoots(), limit)) {
                json.writeStartObject();
                json.writeStringField("service", r.service());
                json.writeNumberField("traces", r.traces());
                json.writeStringField("example_trace_id", r.exampleTraceId());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("clock_skew");
            for (HealthReport.SkewRow r : first(report.skew(), limit)) {
                json.writeStartObject();
                json.writeStringField("parent_service", r.parentService());
                json.writeStringField("child_service", r.childService());
                json.writeNumberField("skewed_spans", r.skewedSpans());
                json.writeNumberField("mean_offset_ms", r.meanOffsetNanos() / 1e6);
                json.writeNumberField("worst_offset_ms", r.worstOffsetNanos() / 1e6);
                json.writeStringField("example_trace_id", r.exampleTraceId());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("retries");
            for (HealthReport.RetryRow r : first(report.retries(), limit)) {
                json.writeStartObject();
                json.writeStringField("client", r.client());
                json.writeStringField("server", r.server());
                json.writeNumberField("retries", r.retries());
                json.writeNumberField("declared", r.declared());
                json.writeStringField("example_trace_id", r.exampleTraceId());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("attribute_cardinality");
            for (AttributeCardinality.Row r : first(report.cardinality(), limit)) {
                json.writeStartObject();
                json.writeStringField("service", r.service());
                json.writeStringField("key", r.key());
                json.writeNumberField("distinct_values", r.distinct());
                json.writeStringField("example_trace_id", r.exampleTraceId());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.toByteArray();
    }

    private static <T> List<T> first(List<T> rows, int limit) {
        return rows.subList(0, Math.min(limit, rows.size()));
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @throws IllegalArgumentException when the body is not such a report
     */
    public static HealthReport read(byte[] body) {
        Map<String, Object> root;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            root = object(parser);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON report: " + e.getMessage(), e);
        }
        List<HealthReport.OrphanRow> orphans = new ArrayList<>();
        for (Map<String, Object> o : rows(root, "orphans")) {
            orphans.add(new HealthReport.OrphanRow(text(o, "service"), text(o, "caller"), number(o, "orphan_spans"),
                    number(o, "service_spans"), text(o, "example_trace_id")));
        }
        List<HealthReport.RootRow> roots = new ArrayList<>();
        for (Map<String, Object> o : rows(root, "multiple_roots")) {
            roots.add(new HealthReport.RootRow(text(o, "service"), number(o, "traces"), text(o, "example_trace_id")));
        }
        List<HealthReport.SkewRow> skew = new ArrayList<>();
        for (Map<String, Object> o : rows(root, "clock_skew")) {
            skew.add(new HealthReport.SkewRow(text(o, "parent_service"), text(o, "child_service"), number(o, "skewed_spans"),
                    millisToNanos(o, "mean_offset_ms"), millisToNanos(o, "worst_offset_ms"), text(o, "example_trace_id")));
        }
        List<HealthReport.RetryRow> retries = new ArrayList<>();
        for (Map<String, Object> o : rows(root, "retries")) {
            retries.add(new HealthReport.RetryRow(text(o, "client"), text(o, "server"), number(o, "retries"), number(o, "declared"),
                    text(o, "example_trace_id")));
        }
        List<AttributeCardinality.Row> cardinality = new ArrayList<>();
        for (Map<String, Object> o : rows(root, "attribute_cardinality")) {
            cardinality.add(new AttributeCardinality.Row(text(o, "service"), text(o, "key"), number(o, "distinct_values"),
                    text(o, "example_trace_id")));
        }
        return new HealthReport(number(root, "traces"), number(root, "spans"), orphans, roots, skew, retries, cardinality,
                number(root, "capped_attribute_values"), Duration.ofSeconds(number(root, "cardinality_period_seconds")));
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            out.put(name, value(parser, parser.nextToken()));
        }
        return out;
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(value(parser, t));
                }
                yield list;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_STRING -> parser.getText();
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("unexpected " + token);
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> root, String field) {
        Object value = root.get(field);
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("report lacks the list '" + field + "'");
        }
        return (List<Map<String, Object>>) list;
    }

    private static String text(Map<String, Object> o, String field) {
        Object value = o.get(field);
        return value == null ? null : value.toString();
    }

    private static long number(Map<String, Object> o, String field) {
        if (!(o.get(field) instanceof Number n)) {
            throw new IllegalArgumentException("report lacks the number '" + field + "'");
        }
        return n.longValue();
    }

    private static long millisToNanos(Map<String, Object> o, String field) {
        if (!(o.get(field) instanceof Number n)) {
            throw new IllegalArgumentException("report lacks the number '" + field + "'");
        }
        return Math.round(n.doubleValue() * 1e6);
    }
}
