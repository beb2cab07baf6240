package io.tracepipe.alerting.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertmanagerPayloadTest {

    @Test
    void labelNamesAreMadeAcceptableToAlertmanager() {
        assertThat(AlertmanagerPayload.labelName("service")).isEqualTo("service");
        assertThat(AlertmanagerPayload.labelName("http.route")).isEqualTo("http_route");
        assertThat(AlertmanagerPayload.labelName("k8s.pod-name")).isEqualTo("k8s_pod_name");
        assertThat(AlertmanagerPayload.labelName("1st")).isEqualTo("_1st");
        assertThat(AlertmanagerPayload.labelName("")).isEqualTo("_");
    }

    @Test
    void alertsEndpointIgnoresATrailingSlash() {
        assertThat(AlertmanagerSettings.defaults(URI.create("http://am:9093/"), Duration.ZERO).alertsEndpoint())
                .isEqualTo(URI.create("http://am:9093/api/v2/alerts"));
        assertThat(AlertmanagerSettings.defaults(URI.create("http://am:9093/prefix"), Duration.ZERO).alertsEndpoint())
                .isEqualTo(URI.create("http://am:9093/prefix/api/v2/alerts"));
    }

    @Test
    void resolveTimeoutOutlastsTheRepeatInterval() {
        assertThat(AlertmanagerSettings.resolveTimeoutFor(Duration.ofMinutes(5))).isEqualTo(Duration.ofHours(1));
        assertThat(AlertmanagerSettings.resolveTimeoutFor(Duration.ofHours(4))).isEqualTo(Duration.ofHours(8));
        assertThat(AlertmanagerSettings.resolveTimeoutFor(Duration.ZERO)).isEqualTo(Duration.ofHours(1));
    }
}
