package io.tracepipe.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertJson;
import io.tracepipe.ingest.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The exactly-once checks of the fault-injection tests, on what a {@code read_committed}
 * consumer sees: every span sent is in exactly one record of the sampled-traces topic, inside its
 * own trace; and no alert fingerprint has the same state change twice in a row.
 */
final class ExactlyOnce {
    private ExactlyOnce() {}

    /** What the sampled topic held for the spans sent. */
    record Tally(int sent, int seen, int lost, int duplicated, int outsideTheirTrace, int foreign, int records) {
        void assertExactlyOnce() {
            assertThat(outsideTheirTrace).as("spans in a record keyed by another trace").isZero();
            assertThat(duplicated).as("spans emitted more than once (of %d sent)", sent).isZero();
            assertThat(lost).as("spans never emitted (of %d sent)", sent).isZero();
            assertThat(foreign).as("spans that were never sent").isZero();
        }

        @Override
        public String toString() {
            return "sent " + sent + ", seen " + seen + ", lost " + lost + ", duplicated " + duplicated + ", records " + records;
        }
    }

    /**
     * Reads the sampled topic from the start until every span sent has been seen (or {@code timeout}
     * passed), then on for {@code settle} more, so that a duplicate written late is seen too.
     */
    static Tally sampledTraces(String bootstrap, String topic, Set<String> sent, Duration timeout, Duration settle) {
        Map<String, Integer> seen = new HashMap<>();
        int[] misplaced = {0};
        int[] records = {0};
        readCommitted(bootstrap, topic, timeout, settle, () -> seen.keySet().containsAll(sent), rec -> {
            records[0]++;
            String key = new String(rec.key(), StandardCharsets.UTF_8);
            try {
                TracesData data = TracesData.parseFrom(rec.value());
                data.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(s -> {
                    String trace = Ids.toHex(s.getTraceId().toByteArray());
                    if (!trace.equals(key)) {
                        misplaced[0]++;
                    }
                    seen.merge(Ids.toHex(s.getSpanId().toByteArray()) + "@" + trace, 1, Integer::sum);
                })));
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("the sampled topic holds a record that is not TracesData", e);
            }
        });
        int lost = 0;
        int duplicated = 0;
        for (String span : sent) {
            int n = seen.getOrDefault(span, 0);
            if (n == 0) {
                lost++;
            } else {
                duplicated += n - 1;
            }
        }
        int foreign = (int) seen.keySet().stream().filter(s -> !sent.contains(s)).count();
        return new Tally(sent.size(), (int) seen.keySet().stream().filter(sent::contains).count(), lost, duplicated, misplaced[0], foreign,
                records[0]);
    }

    /** Every alert state change on the topic, in order, by fingerprint. */
    static Map<String, List<Alert>> alertChanges(String bootstrap, String topic, Duration readFor) {
        Map<String, List<Alert>> byFingerprint = new LinkedHashMap<>();
        readCommitted(bootstrap, topic, readFor, Duration.ZERO, () -> false, rec -> {
            Alert alert = AlertJson.fromJson(new String(rec.value(), StandardCharsets.UTF_8));
            byFingerprint.computeIfAbsent(alert.fingerprint(), f -> new ArrayList<>()).add(alert);
        });
        return byFingerprint;
    }

    /** How many state changes repeat the previous one of their fingerprint (must be none). */
    static int repeatedAlertChanges(Map<String, List<Alert>> byFingerprint) {
        int repeats = 0;
        for (List<Alert> changes : byFingerprint.values()) {
            for (int i = 1; i < changes.size(); i++) {
                if (changes.get(i).status() == changes.get(i - 1).status()) {
                    repeats++;
                }
            }
        }
        return repeats;
    }

    private static void readCommitted(String bootstrap, String topic, Duration timeout, Duration settle, java.util.function.BooleanSupplier done,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> props = TopicReader.fromTheStart(bootstrap, "it-check-");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        Instant deadline = Instant.now().plus(timeout);
        Instant settled = null;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (true) {
                Instant now = Instant.now();
                if (settled == null && (done.getAsBoolean() || now.isAfter(deadline))) {
                    settled = now.plus(settle);
                }
                if (settled != null && now.isAfter(settled)) {
                    return;
                }
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    /** The number of alert state changes in all. */
    static int count(Map<String, List<Alert>> byFingerprint) {
        return byFingerprint.values().stream().mapToInt(List::size).sum();
    }

}
