package io.tracepipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Test
    void firingAlertSurvivesRoundTrip() {
        Alert alert = TestAlerts.firing();
        assertThat(AlertJson.fromJson(AlertJson.toJson(alert))).isEqualTo(alert);
    }

    @Test
    void traceUrlTemplateGivesOneLinkPerExemplarAndStillReadsBack() throws Exception {
        Alert alert = TestAlerts.firing();
        String json = AlertJson.toJson(alert, "http://grafana:3000/explore?trace={trace_id}");

        JsonNode links = JSON.readTree(json).get("links");
        assertThat(links).hasSize(alert.exemplars().size());
        assertThat(links.get(0).asText()).isEqualTo("http://grafana:3000/explore?trace=" + alert.exemplars().get(0));
        assertThat(AlertJson.fromJson(json)).isEqualTo(alert);
        assertThat(JSON.readTree(AlertJson.toJson(alert)).has("links")).as("no template, no links").isFalse();
    }

    @Test
    void resolvedAlertWithNullsAndNaNsSurvivesRoundTrip() {
        Alert alert = TestAlerts.resolved();
        assertThat(AlertJson.fromJson(AlertJson.toJson(alert))).isEqualTo(alert);
    }

    @Test
    void writesTheContractFieldsInTheContractOrder() throws Exception {
        JsonNode root = JSON.readTree(AlertJson.toJson(TestAlerts.firing()));

        assertThat(fieldNames(root)).containsExactly(
                "fingerprint", "status", "rule", "severity", "labels", "annotations", "observed", "threshold",
                "baseline", "window", "exemplars", "culprit", "explanation", "startsAt", "endsAt");
        assertThat(root.get("fingerprint").asText()).matches("[0-9a-f]{16}");
        assertThat(root.get("status").asText()).isEqualTo("firing");
        assertThat(root.get("rule").asText()).isEqualTo("checkout-latency");
        assertThat(root.get("severity").asText()).isEqualTo("critical");

        // Labels sorted by name, all strings.
        assertThat(fieldNames(root.get("labels"))).containsExactly("operation", "service", "team");
        assertThat(root.get("labels").get("operation").isTextual()).isTrue();
        assertThat(root.get("annotations").get("summary").asText()).isEqualTo("p99 latency 3.2 s > 1 s over 1m");

        JsonNode observed = root.get("observed");
        assertThat(fieldNames(observed)).containsExactly("value", "count", "errors", "p50", "p95", "p99");
        assertThat(observed.get("value").isDouble()).isTrue();
        assertThat(observed.get("count").isIntegralNumber()).isTrue();
        assertThat(observed.get("count").asLong()).isEqualTo(812);
        assertThat(observed.get("errors").isIntegralNumber()).isTrue();
        assertThat(observed.get("p99").asDouble()).isEqualTo(3.2);

        assertThat(root.get("threshold").isNumber()).isTrue();
        JsonNode baseline = root.get("baseline");
        assertThat(fieldNames(baseline)).containsExactly("mean", "deviation", "upperBound", "windowsSeen");
        assertThat(baseline.get("windowsSeen").isIntegralNumber()).isTrue();

        assertThat(fieldNames(root.get("window"))).containsExactly("start", "end");
        assertThat(root.get("window").get("start").asText()).isEqualTo("2026-03-01T12:04:00.000Z");
        assertThat(root.get("window").get("end").asText()).isEqualTo("2026-03-01T12:05:00.000Z");

        assertThat(root.get("exemplars").isArray()).isTrue();
        assertThat(root.get("exemplars").get(0).asText()).matches("[0-9a-f]{32}");

        assertThat(fieldNames(root.get("culprit"))).containsExactly("service", "operation", "share");
        assertThat(root.get("culprit").get("share").asDouble()).isEqualTo(0.83);

        JsonNode explanation = root.get("explanation");
        assertThat(fieldNames(explanation)).containsExactly("kind", "bad_spans", "suspects", "attributes", "capped_values");
        assertThat(explanation.get("kind").asText()).isEqualTo("latency");
        JsonNode suspect = explanation.get("suspects").get(0);
        assertThat(fieldNames(suspect)).containsExactly("service", "operation", "share", "count", "normal_share", "exemplar");
        assertThat(suspect.get("count").isIntegralNumber()).isTrue();
        assertThat(explanation.get("suspects").get(1).get("normal_share").isNull()).as("NaN: not learned").isTrue();
        JsonNode attribute = explanation.get("attributes").get(0);
        assertThat(fieldNames(attribute)).containsExactly("key", "value", "bad_share", "good_share");
        assertThat(attribute.get("value").asText()).isEqualTo("payment-7d4b9-x2x9q");
        assertThat(attribute.get("bad_share").asDouble()).isEqualTo(0.9);

        assertThat(root.get("startsAt").asText()).matches(TIMESTAMP).isEqualTo("2026-03-01T12:02:00.000Z");
        assertThat(root.get("endsAt").isNull()).isTrue();
    }

    @Test
    void resolvedAlertHasEndsAtAndExplicitNulls() throws Exception {
        JsonNode root = JSON.readTree(AlertJson.toJson(TestAlerts.resolved()));

        assertThat(root.get("status").asText()).isEqualTo("resolved");
        assertThat(root.get("endsAt").asText()).isEqualTo("2026-03-01T12:08:00.000Z");
        // Nulls are written, not omitted, so every record has the same fields.
        assertThat(root.get("baseline").isNull()).isTrue();
        assertThat(root.get("culprit").isNull()).isTrue();
        assertThat(root.get("explanation").isNull()).isTrue();
        assertThat(root.get("observed").get("p99").isNull()).as("NaN is not JSON; it is written as null").isTrue();
        assertThat(root.get("exemplars").isEmpty()).isTrue();
    }

    @Test
    void timestampsAreUtcMillisEvenWhenWholeSecondsOrFiner() {
        assertThat(AlertJson.timestamp(TestAlerts.T0)).isEqualTo("2026-03-01T12:00:00.000Z");
        assertThat(AlertJson.timestamp(TestAlerts.T0.plusNanos(123_456_789))).isEqualTo("2026-03-01T12:00:00.123Z");
    }

    @Test
    void readsAlertsWithFieldsItDoesNotKnow() {
        String json = AlertJson.toJson(TestAlerts.firing()).replaceFirst("\\{", "{\"addedLater\":{\"x\":1},");
        assertThat(AlertJson.fromJson(json)).isEqualTo(TestAlerts.firing());
    }

    @Test
    void readsRecordsWrittenBeforeExplanationsAndTheContractsMinimalForm() {
        String old = AlertJson.toJson(TestAlerts.firing().withExplanation(null)).replace(",\"explanation\":null", "");
        assertThat(AlertJson.fromJson(old)).isEqualTo(TestAlerts.firing().withExplanation(null));

        String minimal = AlertJson.toJson(TestAlerts.firing().withExplanation(null)).replace("\"explanation\":null",
                "\"explanation\":{\"suspects\":[{\"service\":\"a\",\"operation\":\"b\",\"share\":0.5,\"count\":3}],"
                        + "\"attributes\":[{\"key\":\"k\",\"value\":\"v\",\"bad_share\":0.9,\"good_share\":0.1}]}");
        Alert.Explanation read = AlertJson.fromJson(minimal).explanation();
        assertThat(read.suspects()).containsExactly(new Alert.Suspect("a", "b", 0.5, 3, Double.NaN, null));
        assertThat(read.attributes()).containsExactly(new Alert.AttributeContrast("k", "v", 0.9, 0.1));
    }

    @Test
    void namesTheFieldThatIsWrong() {
        String json = AlertJson.toJson(TestAlerts.firing());
        assertThatThrownBy(() -> AlertJson.fromJson(json.replace("\"status\":\"firing\"", "\"status\":\"burning\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burning");
        assertThatThrownBy(() -> AlertJson.fromJson(json.replace("\"count\":812", "\"count\":\"812\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("observed.count");
        assertThatThrownBy(() -> AlertJson.fromJson(json.replace("\"rule\":", "\"rules\":")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rule'");
        assertThatThrownBy(() -> AlertJson.fromJson("[1]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("object");
        assertThatThrownBy(() -> AlertJson.fromJson("{not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> AlertJson.fromJson(json.replace("\"bad_share\":0.9", "\"bad_share\":\"lots\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("explanation.attributes.bad_share");
    }

    @Test
    void firingAlertsHaveNoEndAndResolvedOnesDo() {
        Alert firing = TestAlerts.firing();
        assertThatThrownBy(() -> new Alert(firing.fingerprint(), AlertStatus.RESOLVED, firing.rule(), firing.severity(),
                firing.labels(), firing.annotations(), firing.observed(), firing.threshold(), firing.baseline(),
                firing.window(), firing.exemplars(), firing.culprit(), firing.explanation(), firing.startsAt(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endsAt");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
