package io.tracepipe.app.kafka;

import java.util.HashSet;
import java.util.Map;
import java.util.stream.Collectors;

/** No bootstrap server accepted a connection: the message names the addresses, the setting and why, in one line. */
public final class KafkaUnreachableException extends RuntimeException {

    /** @param failures why each address could not be reached, in configuration order */
    KafkaUnreachableException(String setting, Map<String, String> failures) {
        super(message(setting, failures));
    }

    private static String message(String setting, Map<String, String> failures) {
        if (failures.isEmpty()) {
            return "cannot reach Kafka: " + setting + " names no address";
        }
        String addresses = String.join(", ", failures.keySet());
        // One reason for all, or each address with its own.
        String reasons = new HashSet<>(failures.values()).size() == 1 ? failures.values().iterator().next()
                : failures.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return "cannot reach Kafka at " + addresses + " (" + setting + "): " + reasons;
    }
}
