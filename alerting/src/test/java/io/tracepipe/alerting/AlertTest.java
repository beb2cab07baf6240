package io.tracepipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {

    @Test
    void withLabelsReplacesTheLabelsAndKeepsEverythingElse() {
        Alert firing = TestAlerts.firing();
        Map<String, String> redacted = Map.of("service", "payment", "operation", "<redacted>");

        Alert relabelled = firing.withLabels(redacted);

        assertThat(relabelled.labels()).isEqualTo(redacted);
        assertThat(relabelled).usingRecursiveComparison().ignoringFields("labels").isEqualTo(firing);
        // the fingerprint is the alert's identity on the compacted topic: relabelling does not re-key it
        assertThat(relabelled.fingerprint()).isEqualTo(firing.fingerprint());
        assertThat(firing.labels()).containsEntry("team", "payments");
    }

    @Test
    void withLabelsSortsTheNewLabelsByName() {
        Map<String, String> unsorted = new LinkedHashMap<>();
        unsorted.put("zone", "eu-1");
        unsorted.put("alpha", "a");

        assertThat(TestAlerts.resolved().withLabels(unsorted).labels().keySet()).containsExactly("alpha", "zone");
    }

    @Test
    void withLabelsRejectsNullNamesAndValuesAsTheConstructorDoes() {
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("service", null);

        assertThatThrownBy(() -> TestAlerts.firing().withLabels(withNull))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("labels value of service");
    }
}
