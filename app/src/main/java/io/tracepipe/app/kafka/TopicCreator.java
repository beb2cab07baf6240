package io.tracepipe.app.kafka;

import io.tracepipe.topology.Topics;
import io.tracepipe.app.config.TracepipeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates tracepipe's topics when they are missing, with the configured partitions; the alert topic is compacted. */
public final class TopicCreator {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private TopicCreator() {}

    /**
     * How many partitions the topic has: the repartition by trace id gets as many as the input,
     * whatever {@code topics.partitions} said when the input topic already existed.
     */
    public static int partitionCount(Map<String, Object> adminProperties, String topic) {
        Admin admin = Admin.create(adminProperties);
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + reason(e, adminProperties), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        } finally {
            closeNow(admin);
        }
    }

    public static void createMissing(Map<String, Object> adminProperties, TracepipeConfig.TopicSettings settings) {
        Topics names = settings.names();
        Optional<Short> replication = settings.replicationFactor() < 1 ? Optional.empty() : Optional.of(settings.replicationFactor());
        Optional<Integer> partitions = Optional.of(settings.partitions());
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(names.input(), partitions, replication));
        wanted.add(new NewTopic(names.sampledTraces(), partitions, replication));
        // A dead letter is an input record plus headers: it must fit even when the input was at the limit.
        wanted.add(new NewTopic(names.deadLetter(), partitions, replication)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(StreamsProperties.MAX_RECORD_BYTES))));
        wanted.add(new NewTopic(names.alerts(), partitions, replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        Admin admin = Admin.create(adminProperties);
        try {
            Set<String> existing = admin.listTopics().names().get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create tracepipe's topics: " + reason(e, adminProperties), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } finally {
            closeNow(admin);
        }
    }

    /** Abandons what is still pending: a call that timed out must not hold the start for another API timeout. */
    private static void closeNow(Admin admin) {
        admin.close(Duration.ZERO);
    }

    /** Why an admin call failed, in words: the cause's own message, or who did not answer in time. */
    private static String reason(Exception e, Map<String, Object> adminProperties) {
        if (e instanceof TimeoutException) {
            return "no answer from Kafka at " + adminProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + " within "
                    + ANSWER_TIMEOUT.toSeconds() + " s";
        }
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
