package io.tracepipe.topology.rules;

import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertJson;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.TrafficPump;
import io.tracepipe.topology.Topics;
import io.tracepipe.topology.TopologySettings;
import io.tracepipe.topology.TraceObserver;
import io.tracepipe.topology.TracepipeTopology;
import io.tracepipe.topology.assembly.AssemblySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole topology in a TopologyTestDriver, fed in simulated time as collectors would feed it:
 * each record at its export time, the wall clock following in punctuation-sized steps (a pipeline
 * that keeps up with its input). Alerts are collected as they come out.
 */
final class SimulatedPipeline implements AutoCloseable {
    /** How far the wall clock moves at a time: the punctuation interval. */
    static final Duration STEP = Duration.ofMillis(250);

    private static final AssemblySettings ASSEMBLY = new AssemblySettings(Duration.ofSeconds(2), Duration.ofMinutes(1), 10_000,
            Duration.ofMinutes(5), STEP);
    private static final AlertingSettings ALERTING = new AlertingSettings(Duration.ofSeconds(5), Duration.ofMillis(500), null);

    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> input;
    private final TestOutputTopic<String, String> output;
    private final List<Alert> alerts = new ArrayList<>();
    private Instant now;

    SimulatedPipeline(Path stateDir, List<Rule> rules, Instant start) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracepipe-simulated");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // the test driver has one input partition, so the assembler waits for one upstream partition's position
        TopologySettings settings = TopologySettings.defaults().withPartitions(1).withAssembly(ASSEMBLY).withRules(rules)
                .withAlerting(ALERTING);
        driver = new TopologyTestDriver(new TracepipeTopology(settings, null, TraceObserver.NONE).get(), props, start);
        input = driver.createInputTopic(Topics.DEFAULT_INPUT, new ByteArraySerializer(), new ByteArraySerializer(), start, Duration.ZERO);
        output = driver.createOutputTopic(Topics.DEFAULT_ALERTS, new StringDeserializer(), new StringDeserializer());
        now = start;
    }

    /** Sends one collector record exported at {@code at}, after moving the wall clock there. */
    void send(byte[] value, Instant at) {
        advanceTo(at);
        input.pipeInput(value, at);
    }

    /** Runs the generator until {@code end}: every record it exports, at its export time. */
    void run(TrafficPump pump, Instant end) {
        while (now.isBefore(end)) {
            Instant next = now.plus(STEP);
            for (OtlpRecord record : pump.advanceTo(next)) {
                send(record.value(), record.exportedAt());
            }
            advanceTo(next);
        }
    }

    /** Moves the wall clock to {@code t} in steps of at most {@link #STEP}, collecting the alerts that come out. */
    void advanceTo(Instant t) {
        while (now.isBefore(t)) {
            Duration step = Duration.between(now, t).compareTo(STEP) < 0 ? Duration.between(now, t) : STEP;
            driver.advanceWallClockTime(step);
            now = now.plus(step);
            output.readValuesToList().forEach(json -> alerts.add(AlertJson.fromJson(json)));
        }
    }

    /** Every alert published so far. */
    List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    @Override
    public void close() {
        driver.close();
    }
}
