package io.tracepipe.app.cli;

import io.tracepipe.app.kafka.KafkaUnreachableException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/** One line that says why the pipeline could not start, instead of a stack trace. */
final class StartFailure {
    private StartFailure() {}

    static String describe(Throwable failure, String bootstrapServers) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KafkaUnreachableException) {
                return "tracepipe: cannot start: " + oneLine(t);
            }
            if (t instanceof SslAuthenticationException) {
                return "tracepipe: cannot start: the TLS handshake with Kafka at " + bootstrapServers + " failed (" + oneLine(t)
                        + "); check the ssl.* settings (truststore, endpoint identification) in kafka.properties";
            }
            if (t instanceof AuthenticationException) {
                return "tracepipe: cannot start: authentication to Kafka at " + bootstrapServers + " failed (" + oneLine(t)
                        + "); check the sasl.* settings (mechanism, sasl.jaas.config username and password) in kafka.properties";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // A root cause without a message (a bare timeout) adds nothing but its name twice.
        String cause = root == failure || root.getMessage() == null ? ""
                : " (" + root.getClass().getSimpleName() + ": " + oneLine(root) + ")";
        return "tracepipe: cannot start: " + oneLine(failure) + cause;
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
