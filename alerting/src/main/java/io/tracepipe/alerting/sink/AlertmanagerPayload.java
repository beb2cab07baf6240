package io.tracepipe.alerting.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertJson;
import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.alerting.Explained;
import io.tracepipe.alerting.Fingerprint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The body of Alertmanager's {@code POST /api/v2/alerts}: a JSON array of postable alerts. */
final class AlertmanagerPayload {

    static final String SEVERITY = "severity";
    static final String CULPRIT = "culprit";
    static final String EXPLANATION = "explanation";
    static final String EXEMPLARS = "exemplar_trace_ids";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private AlertmanagerPayload() {}

    /**
     * @param now the send time: a firing alert's endsAt is {@code now + resolveTimeout}, so that
     *     Alertmanager keeps it active until then even if tracepipe goes away
     */
    static byte[] toJson(List<Alert> alerts, Instant now, Duration resolveTimeout, String generatorUrl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * alerts.size());
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartArray();
            for (Alert alert : alerts) {
                json.writeStartObject();
                writeStrings(json, "labels", labels(alert));
                writeStrings(json, "annotations", annotations(alert));
                json.writeStringField("startsAt", AlertJson.timestamp(alert.startsAt()));
                Instant endsAt = alert.status() == AlertStatus.RESOLVED ? alert.endsAt() : now.plus(resolveTimeout);
                json.writeStringField("endsAt", AlertJson.timestamp(endsAt));
                json.writeStringField("generatorURL", generatorUrl(generatorUrl, alert));
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            // A byte array stream does not fail; this is only reachable through a bug in the generator.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The alert's labels plus {@code alertname} and {@code severity}, with names Alertmanager accepts. */
    static Map<String, String> labels(Alert alert) {
        Map<String, String> labels = new TreeMap<>();
        alert.labels().forEach((name, value) -> labels.put(labelName(name), value));
        labels.put(Fingerprint.ALERTNAME, alert.rule());
        labels.put(SEVERITY, alert.severity());
        return labels;
    }

    /**
     * The alert's annotations, plus the culprit, the one-sentence explanation and the exemplar trace
     * ids as text when the rule did not set those.
     */
    static Map<String, String> annotations(Alert alert) {
        Map<String, String> annotations = new LinkedHashMap<>();
        alert.annotations().forEach((name, value) -> annotations.put(labelName(name), value));
        Alert.Culprit culprit = alert.culprit();
        if (culprit != null) {
            annotations.putIfAbsent(CULPRIT, String.format(Locale.ROOT, "%s %s %d%%",
                    culprit.service(), culprit.operation(), Math.round(culprit.share() * 100)));
        }
        String explained = Explained.sentence(alert);
        if (explained != null) {
            annotations.putIfAbsent(EXPLANATION, explained);
        }
        if (!alert.exemplars().isEmpty()) {
            annotations.putIfAbsent(EXEMPLARS, String.join(",", alert.exemplars()));
        }
        return annotations;
    }

    /**
     * Alertmanager 0.25 rejects the whole request when one label or annotation name is outside
     * {@code [a-zA-Z_][a-zA-Z0-9_]*}; OpenTelemetry attribute names ({@code http.route}) are, so
     * map every other character to {@code _}, as Prometheus does.
     */
    static String labelName(String name) {
        StringBuilder out = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (i == 0 && digit) {
                out.append('_');
            }
            out.append(letter || digit ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }

    private static String generatorUrl(String template, Alert alert) {
        if (!template.contains(AlertJson.TRACE_ID_PLACEHOLDER)) {
            return template;
        }
        return alert.exemplars().isEmpty() ? "" : template.replace(AlertJson.TRACE_ID_PLACEHOLDER, alert.exemplars().get(0));
    }

    private static void writeStrings(JsonGenerator json, String field, Map<String, String> values) throws IOException {
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }
}
