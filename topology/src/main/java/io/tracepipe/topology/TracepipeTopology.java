package io.tracepipe.topology;

import io.tracepipe.alerting.sink.AlertSink;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.topology.decode.InputLag;
import io.tracepipe.topology.decode.SourcedBundle;
import io.tracepipe.topology.serde.SourcedBundleSerde;
import io.tracepipe.topology.serde.WindowPartialSerde;
import io.tracepipe.topology.assembly.AssembledTrace;
import io.tracepipe.topology.assembly.AssemblerOutput;
import io.tracepipe.topology.assembly.BatchEnd;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.topology.assembly.TraceAssembler;
import io.tracepipe.topology.decode.DecodeProcessor;
import io.tracepipe.topology.decode.Ingested;
import io.tracepipe.topology.decode.TracePartitions;
import io.tracepipe.topology.output.TraceRecordSplitter;
import io.tracepipe.redaction.Redactor;
import io.tracepipe.topology.rules.AlertingSettings;
import io.tracepipe.topology.rules.CheckedTrace;
import io.tracepipe.topology.rules.RuleCheckOutput;
import io.tracepipe.topology.rules.RuleCheckProcessor;
import io.tracepipe.topology.rules.WindowJudge;
import io.tracepipe.topology.rules.WindowPartial;
import io.tracepipe.topology.sampling.SamplingProcessor;
import io.tracepipe.topology.sampling.SamplingSettings;
import io.tracepipe.topology.health.HealthCheckProcessor;
import io.tracepipe.topology.health.InstrumentationHealth;
import io.tracepipe.topology.query.TraceIndex;
import io.tracepipe.topology.query.TraceIndexer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Builds the whole tracepipe topology in one place: decode → dead letters | repartition by trace
 * id → trace assembly → rule pre-aggregation → sampling and redaction → records of at most 1 MB → sampled traces; the rule
 * partials → repartition by rule and group key → window judgement → alerts. Every processor, store and topic is named here.
 */
public final class TracepipeTopology implements Supplier<Topology> {
    private static final String BRANCH_PREFIX = "ingest-";
    private static final String DEAD_LETTERS = "dead-letters";
    private static final String LOCAL_FRAGMENTS = "local-fragments";
    private static final String FRAGMENTS = "fragments";
    private static final String RULE_BRANCH_PREFIX = "rules-";
    private static final String PARTIALS = "partials";
    private static final String CHECKED_TRACES = "traces";

    private final Topics topics;
    private final int partitions;
    private final Encoding encoding;
    private final AssemblySettings assembly;
    private final List<Rule> rules;
    private final AlertingSettings alerting;
    private final SamplingSettings sampling;
    private final Redactor redactor;
    private final AlertSink alertSink;
    private final TraceObserver observer;
    private final TraceIndex traceIndex;
    private final InputLag inputLag;
    private final InstrumentationHealth health;

    /** A topology whose recent-trace index nobody reads, without a consumer to ask for input lag (tests, benchmarks). */
    public TracepipeTopology(TopologySettings settings, AlertSink alertSink, TraceObserver observer) {
        this(settings, alertSink, observer, new TraceIndex());
    }

    /** A topology without a consumer to ask for input lag, whose instrumentation findings nobody reads (tests). */
    public TracepipeTopology(TopologySettings settings, AlertSink alertSink, TraceObserver observer, TraceIndex traceIndex) {
        this(settings, alertSink, observer, traceIndex, InputLag.QUIET_TIME_ONLY, new InstrumentationHealth(settings.health()));
    }

    /**
     * @param settings topics, decoding, assembly, rules, alerting, sampling and redaction
     * @param alertSink where alerts also go besides the alert topic (Alertmanager); null for none
     * @param observer sees every assembled trace (metrics)
     * @param traceIndex where each task keeps the summaries of its recent traces ({@code /api/search})
     * @param inputLag how far the consumer is from the end of each input partition: a quiet partition
     *     counts as caught up only when read to its end
     * @param health where each task keeps what the instrumentation checks found ({@code /api/instrumentation-health});
     *     its settings say whether traces are checked
     */
    public TracepipeTopology(TopologySettings settings, AlertSink alertSink, TraceObserver observer, TraceIndex traceIndex,
            InputLag inputLag, InstrumentationHealth health) {
        this.topics = settings.topics();
        this.partitions = settings.partitions();
        this.encoding = settings.encoding();
        this.assembly = settings.assembly();
        this.rules = settings.rules();
        this.alerting = settings.alerting();
        this.sampling = settings.sampling();
        this.redactor = settings.redaction();
        this.alertSink = alertSink;
        this.observer = observer;
        this.traceIndex = traceIndex;
        this.inputLag = inputLag;
        this.health = health;
    }

    @Override
    public Topology get() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> input = builder.stream(topics.input(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("otlp-spans-source"));

        Map<String, KStream<Bytes, Ingested>> decoded = input
                .process(() -> new DecodeProcessor(encoding, partitions, assembly.idlePartitionTimeout(), assembly.punctuateInterval(),
                        topics.input(), inputLag),
                        Named.as("decode"))
                .split(Named.as(BRANCH_PREFIX))
                .branch((key, value) -> value instanceof Ingested.DeadLettered, Branched.as(DEAD_LETTERS))
                .branch((key, value) -> ((Ingested.Fragments) value).local(), Branched.as(LOCAL_FRAGMENTS))
                .defaultBranch(Branched.as(FRAGMENTS));

        decoded.get(BRANCH_PREFIX + DEAD_LETTERS)
                .mapValues(value -> ((Ingested.DeadLettered) value).deadLetter().payload(), Named.as("dead-letter-payload"))
                .to(topics.deadLetter(), Produced.with(Serdes.Bytes(), Serdes.ByteArray()).withName("dead-letter-sink"));

        // One record per input record and destination partition, not one per trace: see FragmentBundle.
        KStream<Bytes, SourcedBundle> repartitioned = decoded.get(BRANCH_PREFIX + FRAGMENTS)
                .mapValues(value -> ((Ingested.Fragments) value).bundle(), Named.as("fragment-bundle"))
                .repartition(Repartitioned.with(Serdes.Bytes(), new SourcedBundleSerde()).withName(Topics.SPANS_BY_TRACE)
                        .withNumberOfPartitions(partitions).withStreamPartitioner(TracePartitions.partitioner()));
        // Fragments already on their trace's partition (trace-keyed input) skip the topic: the assembler reads both,
        // so decoding and assembly are one sub-topology whose task p reads partition p of the input and of the
        // repartition topic (the two have the same partition count).
        KStream<Bytes, SourcedBundle> bundles = decoded.get(BRANCH_PREFIX + LOCAL_FRAGMENTS)
                .mapValues(value -> ((Ingested.Fragments) value).bundle(), Named.as("local-fragment-bundle"))
                .merge(repartitioned, Named.as("all-fragment-bundles"));

        KStream<String, AssemblerOutput> traces = bundles
                .process(TraceAssembler.supplier(assembly, partitions), Named.as("assemble-traces"))
                .peek((traceId, output) -> {
                    if (output instanceof AssembledTrace trace) {
                        observer.observe(trace);
                    }
                }, Named.as("trace-metrics"))
                .processValues(() -> new TraceIndexer(traceIndex), Named.as("index-traces"));
        if (health.settings().enabled()) {
            traces = traces.processValues(() -> new HealthCheckProcessor(health), Named.as("check-instrumentation"));
        }

        KStream<String, CheckedTrace> checked;
        if (rules.isEmpty()) {
            checked = traces.filterNot((traceId, output) -> output instanceof BatchEnd, Named.as("traces-only"))
                    .mapValues(output -> new CheckedTrace((AssembledTrace) output, false), Named.as("unchecked"));
        } else {
            Map<String, KStream<String, RuleCheckOutput>> outputs = traces
                    .process(RuleCheckProcessor.supplier(rules, alerting.flushInterval(), health.settings().skewTolerance()),
                            Named.as("check-rules"))
                    .split(Named.as(RULE_BRANCH_PREFIX))
                    .branch((key, value) -> value instanceof WindowPartial, Branched.as(PARTIALS))
                    .defaultBranch(Branched.as(CHECKED_TRACES));
            outputs.get(RULE_BRANCH_PREFIX + PARTIALS)
                    .mapValues(value -> (WindowPartial) value, Named.as("partial"))
                    .repartition(Repartitioned.with(Serdes.String(), new WindowPartialSerde()).withName(Topics.RULE_PARTIALS))
                    .process(WindowJudge.supplier(rules, alerting.windowGrace(), assembly.punctuateInterval(), alertSink, redactor,
                            alerting.traceUrl()),
                            Named.as("judge-windows"))
                    .to(topics.alerts(), Produced.with(Serdes.String(), Serdes.String()).withName("alerts-sink"));
            checked = outputs.get(RULE_BRANCH_PREFIX + CHECKED_TRACES)
                    .mapValues(value -> (CheckedTrace) value, Named.as("checked-trace"));
        }

        checked.process(SamplingProcessor.supplier(sampling::newSampler, redactor), Named.as("sample"), TraceAssembler.META_STORE)
                .process(TraceRecordSplitter::new, Named.as("split-large-traces"))
                .to(topics.sampledTraces(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("sampled-traces-sink"));
        return builder.build();
    }
}
