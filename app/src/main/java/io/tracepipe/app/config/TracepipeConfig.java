package io.tracepipe.app.config;

import io.tracepipe.ingest.Encoding;
import io.tracepipe.topology.TopologySettings;
import io.tracepipe.topology.Topics;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.topology.rules.AlertingSettings;
import io.tracepipe.topology.sampling.SamplingSettings;
import io.tracepipe.anomaly.health.HealthSettings;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.redaction.Redactor;
import java.util.List;
import java.util.Map;

/** The whole validated configuration, built once at start ({@code tracepipe.yaml}). */
public record TracepipeConfig(
        KafkaSettings kafka,
        TopicSettings topics,
        Encoding encoding,
        AssemblySettings assembly,
        List<Rule> rules,
        AlertingSettings alerting,
        SamplingSettings sampling,
        Redactor redactor,
        HttpSettings http,
        HealthSettings health) {

    public TracepipeConfig {
        rules = List.copyOf(rules);
    }

    /** What the Kafka Streams topology is built from. */
    public TopologySettings topology() {
        return new TopologySettings(topics.names(), topics.partitions(), encoding, assembly, rules, alerting, sampling, redactor, health);
    }

    /**
     * The HTTP port (metrics, health, readiness) and the cap on RED metric series.
     *
     * @param port the port; 0 picks a free one, -1 serves no HTTP
     * @param maxSeries the most service/operation pairs with series of their own; more share an overflow series
     */
    public record HttpSettings(int port, int maxSeries) {}

    /** How to reach Kafka and run the Streams application. */
    public record KafkaSettings(
            String bootstrapServers,
            String applicationId,
            String processingGuarantee,
            String stateDir,
            String groupInstanceId,
            int rocksDbMemoryMb,
            Map<String, String> properties) {
        /**
         * @param groupInstanceId static group membership: an id (e.g. the pod name), {@code auto} (kept in the state
         *     directory, see {@code GroupInstanceId}), or {@code none}/null for dynamic membership
         * @param rocksDbMemoryMb off-heap memory shared by all RocksDB stores; 0 keeps Kafka Streams' per-store defaults
         */
        public KafkaSettings {
            properties = Map.copyOf(properties);
        }

        public KafkaSettings withBootstrapServers(String servers) {
            return new KafkaSettings(servers, applicationId, processingGuarantee, stateDir, groupInstanceId, rocksDbMemoryMb, properties);
        }

        /** These settings with the group instance id resolved ({@code auto} made concrete, {@code none} as null). */
        public KafkaSettings withGroupInstanceId(String id) {
            return new KafkaSettings(bootstrapServers, applicationId, processingGuarantee, stateDir, id, rocksDbMemoryMb, properties);
        }

        public KafkaSettings withStateDir(String dir) {
            return new KafkaSettings(bootstrapServers, applicationId, processingGuarantee, dir, groupInstanceId, rocksDbMemoryMb, properties);
        }
    }

    /** Topic names and how tracepipe creates the missing ones. */
    public record TopicSettings(Topics names, int partitions, short replicationFactor) {}

    public static TracepipeConfig defaults() {
        return ConfigLoader.parse("defaults", "", Map.of());
    }

    public TracepipeConfig withKafka(KafkaSettings settings) {
        return new TracepipeConfig(settings, topics, encoding, assembly, rules, alerting, sampling, redactor, http, health);
    }

    public TracepipeConfig withAssembly(AssemblySettings settings) {
        return new TracepipeConfig(kafka, topics, encoding, settings, rules, alerting, sampling, redactor, http, health);
    }

    public TracepipeConfig withPartitions(int partitions) {
        return new TracepipeConfig(kafka, new TopicSettings(topics.names(), partitions, topics.replicationFactor()), encoding, assembly,
                rules, alerting, sampling, redactor, http, health);
    }

    public TracepipeConfig withRules(List<Rule> newRules) {
        return new TracepipeConfig(kafka, topics, encoding, assembly, newRules, alerting, sampling, redactor, http, health);
    }

    public TracepipeConfig withSampling(SamplingSettings settings) {
        return new TracepipeConfig(kafka, topics, encoding, assembly, rules, alerting, settings, redactor, http, health);
    }

    public TracepipeConfig withRedactor(Redactor newRedactor) {
        return new TracepipeConfig(kafka, topics, encoding, assembly, rules, alerting, sampling, newRedactor, http, health);
    }

    public TracepipeConfig withAlerting(AlertingSettings settings) {
        return new TracepipeConfig(kafka, topics, encoding, assembly, rules, settings, sampling, redactor, http, health);
    }

    public TracepipeConfig withHealth(HealthSettings settings) {
        return new TracepipeConfig(kafka, topics, encoding, assembly, rules, alerting, sampling, redactor, http, settings);
    }

    public TracepipeConfig withHttpPort(int port) {
        return new TracepipeConfig(kafka, topics, encoding, assembly, rules, alerting, sampling, redactor, new HttpSettings(port, http.maxSeries()), health);
    }
}
