package io.tracepipe.topology;

import io.tracepipe.anomaly.health.HealthSettings;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.redaction.Redactor;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.topology.rules.AlertingSettings;
import io.tracepipe.topology.sampling.SamplingSettings;
import java.util.List;

/**
 * What the topology is built from.
 *
 * @param topics the topics it reads and writes
 * @param partitions the partition count of the repartition by trace id (that of the input topic)
 * @param encoding how input records are decoded
 * @param assembly when traces are complete
 * @param rules the rules every span is checked against; none means no rule check at all
 * @param alerting how rule windows are judged, and where alerts go besides the alert topic
 * @param sampling which traces reach the sampled topic
 * @param redaction what is masked in sampled traces and alert labels
 * @param health whether and how every assembled trace is checked for broken instrumentation
 */
public record TopologySettings(
        Topics topics,
        int partitions,
        Encoding encoding,
        AssemblySettings assembly,
        List<Rule> rules,
        AlertingSettings alerting,
        SamplingSettings sampling,
        Redactor redaction,
        HealthSettings health) {

    public TopologySettings {
        rules = List.copyOf(rules);
    }

    /** The configuration's defaults, without rules. */
    public static TopologySettings defaults() {
        return new TopologySettings(Topics.DEFAULTS, 6, Encoding.OTLP_PROTO, AssemblySettings.DEFAULTS, List.of(),
                AlertingSettings.defaults(AssemblySettings.DEFAULTS.inactivityGap()), SamplingSettings.KEEP_ALL, Redactor.defaults(), HealthSettings.DEFAULTS);
    }

    /** The same settings with the input topic's partition count (which the watermark waits for). */
    public TopologySettings withPartitions(int inputPartitions) {
        return new TopologySettings(topics, inputPartitions, encoding, assembly, rules, alerting, sampling, redaction, health);
    }

    public TopologySettings withAssembly(AssemblySettings settings) {
        return new TopologySettings(topics, partitions, encoding, settings, rules, alerting, sampling, redaction, health);
    }

    public TopologySettings withRules(List<Rule> newRules) {
        return new TopologySettings(topics, partitions, encoding, assembly, newRules, alerting, sampling, redaction, health);
    }

    public TopologySettings withAlerting(AlertingSettings settings) {
        return new TopologySettings(topics, partitions, encoding, assembly, rules, settings, sampling, redaction, health);
    }

    public TopologySettings withSampling(SamplingSettings settings) {
        return new TopologySettings(topics, partitions, encoding, assembly, rules, alerting, settings, redaction, health);
    }

    public TopologySettings withHealth(HealthSettings settings) {
        return new TopologySettings(topics, partitions, encoding, assembly, rules, alerting, sampling, redaction, settings);
    }

    public TopologySettings withRedaction(Redactor redactor) {
        return new TopologySettings(topics, partitions, encoding, assembly, rules, alerting, sampling, redactor, health);
    }
}
