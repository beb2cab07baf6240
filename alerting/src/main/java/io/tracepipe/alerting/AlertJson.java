package io.tracepipe.alerting;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert JSON contract (README "Alerts", docs/architecture.md "Contracts"), written field by field so that the order of the fields
 * is part of the code and not of a serializer's defaults. Timestamps are ISO-8601 UTC with
 * milliseconds; non-finite numbers (a quantile of an empty window) are written as null and read
 * back as NaN. Unknown fields are ignored when reading, so producers may add fields first.
 */
public final class AlertJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AlertJson() {}

    /** What a trace URL template holds in place of each exemplar's trace id. */
    public static final String TRACE_ID_PLACEHOLDER = "{trace_id}";

    /** The alert as one JSON object (no newline). */
    public static String toJson(Alert alert) {
        return toJson(alert, null);
    }

    /**
     * The alert as one JSON object, with {@code links} (one per exemplar, right after
     * {@code exemplars}) when {@code traceUrl} is a template holding {@link #TRACE_ID_PLACEHOLDER}.
     */
    public static String toJson(Alert alert, String traceUrl) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("fingerprint", alert.fingerprint());
            json.writeStringField("status", alert.status().wireName());
            json.writeStringField("rule", alert.rule());
            json.writeStringField("severity", alert.severity());
            writeStrings(json, "labels", alert.labels());
            writeStrings(json, "annotations", alert.annotations());

            Alert.Observed observed = alert.observed();
            json.writeObjectFieldStart("observed");
            writeNumber(json, "value", observed.value());
            json.writeNumberField("count", observed.count());
            json.writeNumberField("errors", observed.errors());
            writeNumber(json, "p50", observed.p50());
            writeNumber(json, "p95", observed.p95());
            writeNumber(json, "p99", observed.p99());
            json.writeEndObject();

            writeNumber(json, "threshold", alert.threshold());

            Alert.Baseline baseline = alert.baseline();
            if (baseline == null) {
                json.writeNullField("baseline");
            } else {
                json.writeObjectFieldStart("baseline");
                writeNumber(json, "mean", baseline.mean());
                writeNumber(json, "deviation", baseline.deviation());
                writeNumber(json, "upperBound", baseline.upperBound());
                json.writeNumberField("windowsSeen", baseline.windowsSeen());
                json.writeEndObject();
            }

            json.writeObjectFieldStart("window");
            json.writeStringField("start", timestamp(alert.window().start()));
            json.writeStringField("end", timestamp(alert.window().end()));
            json.writeEndObject();

            json.writeArrayFieldStart("exemplars");
            for (String traceId : alert.exemplars()) {
                json.writeString(traceId);
            }
            json.writeEndArray();
            if (traceUrl != null) {
                json.writeArrayFieldStart("links");
                for (String traceId : alert.exemplars()) {
                    json.writeString(traceUrl.replace(TRACE_ID_PLACEHOLDER, traceId));
                }
                json.writeEndArray();
            }

            Alert.Culprit culprit = alert.culprit();
            if (culprit == null) {
                json.writeNullField("culprit");
            } else {
                json.writeObjectFieldStart("culprit");
                json.writeStringField("service", culprit.service());
                json.writeStringField("operation", culprit.operation());
                writeNumber(json, "share", culprit.share());
                json.writeEndObject();
            }
            writeExplanation(json, alert.explanation());

            json.writeStringField("startsAt", timestamp(alert.startsAt()));
            if (alert.endsAt() == null) {
                json.writeNullField("endsAt");
            } else {
                json.writeStringField("endsAt", timestamp(alert.endsAt()));
            }
            json.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; this is only reachable through a bug in the generator.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Reads an alert written by {@link #toJson}.
     *
     * @throws IllegalArgumentException naming the field, when the text is not an alert
     */
    public static Alert fromJson(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("alert JSON is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("alert JSON must be an object");
        }
        Map<String, String> labels = strings(object(root, "labels", false), "labels");
        Map<String, String> annotations = strings(object(root, "annotations", false), "annotations");

        JsonNode observedNode = object(root, "observed", false);
        Alert.Observed observed = new Alert.Observed(
                number(observedNode, "observed.value"),
                integer(observedNode, "observed.count"),
                integer(observedNode, "observed.errors"),
                number(observedNode, "observed.p50"),
                number(observedNode, "observed.p95"),
                number(observedNode, "observed.p99"));

        JsonNode baselineNode = object(root, "baseline", true);
        Alert.Baseline baseline = baselineNode == null ? null : new Alert.Baseline(
                number(baselineNode, "baseline.mean"),
                number(baselineNode, "baseline.deviation"),
                number(baselineNode, "baseline.upperBound"),
                integer(baselineNode, "baseline.windowsSeen"));

        JsonNode windowNode = object(root, "window", false);
        Alert.Window window = new Alert.Window(
                instant(windowNode, "window.start"), instant(windowNode, "window.end"));

        JsonNode exemplarsNode = root.get("exemplars");
        if (exemplarsNode == null || !exemplarsNode.isArray()) {
            throw new IllegalArgumentException("alert JSON: 'exemplars' must be an array");
        }
        List<String> exemplars = new ArrayList<>(exemplarsNode.size());
        for (JsonNode traceId : exemplarsNode) {
            if (!traceId.isTextual()) {
                throw new IllegalArgumentException("alert JSON: 'exemplars' must hold strings");
            }
            exemplars.add(traceId.asText());
        }

        JsonNode culpritNode = object(root, "culprit", true);
        Alert.Culprit culprit = culpritNode == null ? null : new Alert.Culprit(
                text(culpritNode, "culprit.service"),
                text(culpritNode, "culprit.operation"),
                number(culpritNode, "culprit.share"));

        Alert.Explanation explanation = explanation(root);

        JsonNode endsAtNode = root.get("endsAt");
        Instant endsAt = endsAtNode == null || endsAtNode.isNull() ? null : instant(root, "endsAt");
        return new Alert(
                text(root, "fingerprint"),
                AlertStatus.fromWireName(text(root, "status")),
                text(root, "rule"),
                text(root, "severity"),
                labels,
                annotations,
                observed,
                number(root, "threshold"),
                baseline,
                window,
                exemplars,
                culprit,
                explanation,
                instant(root, "startsAt"),
                endsAt);
    }

    private static void writeExplanation(JsonGenerator json, Alert.Explanation explanation) throws IOException {
        if (explanation == null) {
            json.writeNullField("explanation");
            return;
        }
        json.writeObjectFieldStart("explanation");
        json.writeStringField("kind", explanation.kind());
        json.writeNumberField("bad_spans", explanation.badSpans());
        json.writeArrayFieldStart("suspects");
        for (Alert.Suspect suspect : explanation.suspects()) {
            json.writeStartObject();
            json.writeStringField("service", suspect.service());
            json.writeStringField("operation", suspect.operation());
            writeNumber(json, "share", suspect.share());
            json.writeNumberField("count", suspect.count());
            writeNumber(json, "normal_share", suspect.normalShare());
            if (suspect.exemplar() == null) {
                json.writeNullField("exemplar");
            } else {
                json.writeStringField("exemplar", suspect.exemplar());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("attributes");
        for (Alert.AttributeContrast attribute : explanation.attributes()) {
            json.writeStartObject();
            json.writeStringField("key", attribute.key());
            json.writeStringField("value", attribute.value());
            writeNumber(json, "bad_share", attribute.badShare());
            writeNumber(json, "good_share", attribute.goodShare());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("capped_values", explanation.cappedValues());
        json.writeEndObject();
    }

    /** The explanation, or null when the record has none (resolved alerts, and records written before it existed). */
    private static Alert.Explanation explanation(JsonNode root) {
        JsonNode node = object(root, "explanation", true);
        if (node == null) {
            return null;
        }
        List<Alert.Suspect> suspects = new ArrayList<>();
        for (JsonNode suspect : array(node, "explanation.suspects")) {
            JsonNode exemplar = suspect.get("exemplar");
            suspects.add(new Alert.Suspect(
                    text(suspect, "explanation.suspects.service"),
                    text(suspect, "explanation.suspects.operation"),
                    number(suspect, "explanation.suspects.share"),
                    integer(suspect, "explanation.suspects.count"),
                    suspect.has("normal_share") ? number(suspect, "explanation.suspects.normal_share") : Double.NaN,
                    exemplar == null || exemplar.isNull() ? null : text(suspect, "explanation.suspects.exemplar")));
        }
        List<Alert.AttributeContrast> attributes = new ArrayList<>();
        for (JsonNode attribute : array(node, "explanation.attributes")) {
            attributes.add(new Alert.AttributeContrast(
                    text(attribute, "explanation.attributes.key"),
                    text(attribute, "explanation.attributes.value"),
                    number(attribute, "explanation.attributes.bad_share"),
                    number(attribute, "explanation.attributes.good_share")));
        }
        return new Alert.Explanation(
                node.has("kind") ? text(node, "explanation.kind") : "",
                node.has("bad_spans") ? integer(node, "explanation.bad_spans") : 0,
                suspects,
                attributes,
                node.has("capped_values") ? integer(node, "explanation.capped_values") : 0);
    }

    private static JsonNode array(JsonNode parent, String path) {
        JsonNode node = field(parent, path);
        if (!node.isArray()) {
            throw new IllegalArgumentException("alert JSON: '" + path + "' must be an array");
        }
        return node;
    }

    /** The contract's timestamp format: ISO-8601, UTC, milliseconds, e.g. {@code 2026-03-01T12:05:00.000Z}. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private static void writeStrings(JsonGenerator json, String field, Map<String, String> values) throws IOException {
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }

    private static void writeNumber(JsonGenerator json, String field, double value) throws IOException {
        // JSON has no NaN or Infinity; null keeps the document valid for every consumer.
        if (Double.isFinite(value)) {
            json.writeNumberField(field, value);
        } else {
            json.writeNullField(field);
        }
    }

    private static JsonNode object(JsonNode parent, String field, boolean nullable) {
        JsonNode node = parent.get(field);
        if (nullable && (node == null || node.isNull())) {
            return null;
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("alert JSON: '" + field + "' must be an object" + (nullable ? " or null" : ""));
        }
        return node;
    }

    private static Map<String, String> strings(JsonNode node, String field) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new IllegalArgumentException("alert JSON: '" + field + "." + entry.getKey() + "' must be a string");
            }
            values.put(entry.getKey(), entry.getValue().asText());
        }
        return values;
    }

    private static JsonNode field(JsonNode parent, String path) {
        JsonNode node = parent.get(path.substring(path.lastIndexOf('.') + 1));
        if (node == null) {
            throw new IllegalArgumentException("alert JSON: missing field '" + path + "'");
        }
        return node;
    }

    private static String text(JsonNode parent, String path) {
        JsonNode node = field(parent, path);
        if (!node.isTextual()) {
            throw new IllegalArgumentException("alert JSON: '" + path + "' must be a string");
        }
        return node.asText();
    }

    private static double number(JsonNode parent, String path) {
        JsonNode node = field(parent, path);
        if (node.isNull()) {
            return Double.NaN;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException("alert JSON: '" + path + "' must be a number or null");
        }
        return node.asDouble();
    }

    private static long integer(JsonNode parent, String path) {
        JsonNode node = field(parent, path);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("alert JSON: '" + path + "' must be an integer");
        }
        return node.asLong();
    }

    private static Instant instant(JsonNode parent, String path) {
        String value = text(parent, path);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("alert JSON: '" + path + "' is not an ISO-8601 UTC timestamp: " + value, e);
        }
    }
}
