package io.tracepipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void isAlertmanagersLabelSetFingerprint() {
        // Value shown by Alertmanager 0.25's GET /api/v2/alerts for this label set.
        assertThat(Fingerprint.ofLabels(Map.of("alertname", "x", "service", "payment", "severity", "critical")))
                .isEqualTo("e867e43ec73fbdd7");
        // FNV-1a's offset basis: the fingerprint of no labels at all.
        assertThat(Fingerprint.ofLabels(Map.of())).isEqualTo("cbf29ce484222325");
    }

    @Test
    void isPinnedForARuleAndGroup() {
        // Pinned: a change here re-keys every record of the compacted alert topic.
        assertThat(Fingerprint.of("checkout-latency", Map.of("service", "payment", "operation", "POST /charge")))
                .isEqualTo(Fingerprint.ofLabels(Map.of(
                        "alertname", "checkout-latency", "service", "payment", "operation", "POST /charge")))
                .isEqualTo("e918a2942dff7962");
    }

    @Test
    void doesNotDependOnLabelOrder() {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("service", "payment");
        forward.put("operation", "POST /charge");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("operation", "POST /charge");
        backward.put("service", "payment");
        assertThat(Fingerprint.of("r", forward)).isEqualTo(Fingerprint.of("r", backward)).matches("[0-9a-f]{16}");
    }

    @Test
    void differsForOtherRulesGroupsAndLabelBoundaries() {
        String base = Fingerprint.of("r", Map.of("service", "payment"));
        assertThat(Fingerprint.of("r2", Map.of("service", "payment"))).isNotEqualTo(base);
        assertThat(Fingerprint.of("r", Map.of("service", "cart"))).isNotEqualTo(base);
        assertThat(Fingerprint.of("r", Map.of("service", "payment", "operation", "GET /"))).isNotEqualTo(base);
        // The separator byte keeps "ab"+"c" apart from "a"+"bc".
        assertThat(Fingerprint.ofLabels(Map.of("ab", "c"))).isNotEqualTo(Fingerprint.ofLabels(Map.of("a", "bc")));
    }
}
