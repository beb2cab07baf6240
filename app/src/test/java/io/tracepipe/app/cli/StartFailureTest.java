package io.tracepipe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

class StartFailureTest {
    @Test
    void aWrongPasswordNamesAuthenticationAndTheSaslSettings() {
        Exception failure = new IllegalStateException("cannot create tracepipe's topics: ...", new ExecutionException(
                new SaslAuthenticationException("Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512")));

        String line = StartFailure.describe(failure, "kafka:9093");

        assertThat(line).isEqualTo("tracepipe: cannot start: authentication to Kafka at kafka:9093 failed (Authentication failed during "
                + "authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512); check the sasl.* settings (mechanism, "
                + "sasl.jaas.config username and password) in kafka.properties");
    }

    @Test
    void aTlsFailureNamesTheSslSettings() {
        String line = StartFailure.describe(new IllegalStateException("x", new SslAuthenticationException("SSL handshake failed")), "kafka:9093");

        assertThat(line).startsWith("tracepipe: cannot start: the TLS handshake with Kafka at kafka:9093 failed (SSL handshake failed)")
                .contains("ssl.*");
    }

    @Test
    void anyOtherFailureIsOneLineWithItsRootCause() {
        String line = StartFailure.describe(new IllegalStateException("cannot create tracepipe's topics: timed out\n  waiting",
                new java.util.concurrent.TimeoutException("no answer in 30 s")), "kafka:9092");

        assertThat(line).isEqualTo("tracepipe: cannot start: cannot create tracepipe's topics: timed out waiting (TimeoutException: no answer in 30 s)")
                .doesNotContain("\n");
    }
}
