package io.tracepipe.app.evidence;

import io.tracepipe.alerting.AlertJson;
import io.tracepipe.alerting.AlertStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts that are open now, as published: fed the compacted alert topic from the beginning
 * (read_committed), it keeps the latest JSON of every fingerprint whose latest state is firing.
 * Every instance holds the whole view, so the page needs no fan-out.
 */
public final class OpenAlerts implements Consumer<ConsumerRecord<byte[], byte[]>> {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAlerts.class);

    private final Map<String, String> firing = new ConcurrentHashMap<>();

    /** The JSON of every open alert, as published. */
    public List<String> json() {
        return new ArrayList<>(firing.values());
    }

    /** Takes one record of the alert topic: the alert's latest state, or a tombstone. */
    @Override
    public void accept(ConsumerRecord<byte[], byte[]> rec) {
        if (rec.key() == null) {
            return;
        }
        String fingerprint = new String(rec.key(), StandardCharsets.UTF_8);
        if (rec.value() == null) {
            firing.remove(fingerprint);
            return;
        }
        String json = new String(rec.value(), StandardCharsets.UTF_8);
        try {
            if (AlertJson.fromJson(json).status() == AlertStatus.FIRING) {
                firing.put(fingerprint, json);
            } else {
                firing.remove(fingerprint);
            }
        } catch (RuntimeException e) {
            LOG.warn("alert {} is unreadable: {}", fingerprint, e.getMessage());
        }
    }
}
