package io.tracepipe.topology.config;

import io.tracepipe.ingest.Encoding;
import io.tracepipe.topology.Topics;
import io.tracepipe.topology.assembly.AssemblySettings;
import java.util.Map;

/** The whole validated configuration, built once at start ({@code tracepipe.yaml}). */
public record TracepipeConfig(KafkaSettings kafka, TopicSettings topics, Encoding encoding, AssemblySettings assembly) {

    /** How to reach Kafka and run the Streams application. */
    public record KafkaSettings(
            String bootstrapServers,
            String applicationId,
            String processingGuarantee,
            String stateDir,
            Map<String, String> properties) {
        public KafkaSettings {
            properties = Map.copyOf(properties);
        }

        public KafkaSettings withBootstrapServers(String servers) {
            return new KafkaSettings(servers, applicationId, processingGuarantee, stateDir, properties);
        }

        public KafkaSettings withStateDir(String dir) {
            return new KafkaSettings(bootstrapServers, applicationId, processingGuarantee, dir, properties);
        }
    }

    /** Topic names and how tracepipe creates the missing ones. */
    public record TopicSettings(Topics names, int partitions, short replicationFactor) {}

    public static TracepipeConfig defaults() {
        return ConfigLoader.parse("defaults", "", Map.of());
    }

    public TracepipeConfig withKafka(KafkaSettings settings) {
        return new TracepipeConfig(settings, topics, encoding, assembly);
    }

    public TracepipeConfig withAssembly(AssemblySettings settings) {
        return new TracepipeConfig(kafka, topics, encoding, settings);
    }

    public TracepipeConfig withPartitions(int partitions) {
        return new TracepipeConfig(kafka, new TopicSettings(topics.names(), partitions, topics.replicationFactor()), encoding, assembly);
    }
}
