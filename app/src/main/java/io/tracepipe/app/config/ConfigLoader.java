package io.tracepipe.app.config;

import io.tracepipe.anomaly.health.HealthSettings;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.rules.RulesParser;
import io.tracepipe.alerting.AlertJson;
import io.tracepipe.config.ClosestName;
import io.tracepipe.config.ConfigException;
import io.tracepipe.config.ConfigProblem;
import io.tracepipe.config.ConfigProblems;
import io.tracepipe.config.Durations;
import io.tracepipe.config.MappingReader;
import io.tracepipe.config.Place;
import io.tracepipe.config.Scalars;
import io.tracepipe.config.YamlDocuments;
import io.tracepipe.ingest.Encoding;
import io.tracepipe.redaction.RedactionParser;
import io.tracepipe.redaction.Redactor;
import io.tracepipe.sampling.SamplingPoliciesParser;
import io.tracepipe.topology.Topics;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.topology.rules.AlertingSettings;
import io.tracepipe.topology.sampling.SamplingSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code tracepipe.yaml}, applies {@code TRACEPIPE_*} environment overrides to its scalars
 * and validates everything at once, with the shared configuration reader: the start fails with
 * every problem, in line order, each naming its line (or variable) and field. Unknown keys are
 * errors, not ignored.
 */
public final class ConfigLoader {
    static final String ENV_PREFIX = "TRACEPIPE_";
    private static final String KAFKA_PROPERTIES = "kafka.properties";
    private static final String HEALTH = "instrumentation-health";
    private static final Set<String> SECTIONS = Set.of("kafka", "topics", "ingest", "assembly", "alerting", "alerting.alertmanager", "http",
            HEALTH);
    private static final String RULES = "rules";
    private static final String SAMPLING = "sampling";
    private static final String REDACTION = "redaction";
    /** Read by their own parsers, which report their own problems: the tree keeps them whole. */
    private static final Set<String> PARSED_APART = Set.of(RULES, SamplingPoliciesParser.PATH, REDACTION);
    private static final String DEFAULT_RULES = "default-rules.yaml";
    private static final Map<String, String> GUARANTEES = Scalars.choices(g -> g, "exactly_once_v2", "at_least_once");
    private static final Map<String, Encoding> ENCODINGS = Scalars.choices(Encoding::configName, Encoding.values());

    private final String what;
    private final ConfigTree tree;
    private final Map<String, String> env;
    private final Set<String> known = new HashSet<>(SECTIONS);
    private final ConfigProblems problems;

    private ConfigLoader(String what, ConfigTree tree, Map<String, String> env, ConfigProblems problems) {
        this.what = what;
        this.tree = tree;
        this.env = env;
        this.problems = problems;
    }

    /** Loads a file, with overrides from this process's environment. */
    public static TracepipeConfig load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("configuration " + file,
                    List.of(new ConfigProblem(0, 0, "cannot read the file: " + e.getMessage())));
        }
        return parse(file.toString(), yaml, System.getenv());
    }

    /**
     * Parses YAML text; {@code source} names it in error messages.
     *
     * @throws ConfigException with every problem, in line order
     */
    public static TracepipeConfig parse(String source, String yaml, Map<String, String> env) {
        String what = "configuration " + source;
        ConfigProblems problems = new ConfigProblems();
        ConfigTree tree = ConfigTree.of(YamlDocuments.compose(yaml, what), PARSED_APART, problems);
        return new ConfigLoader(what, tree, env, problems).bind();
    }

    private TracepipeConfig bind() {
        TracepipeConfig.KafkaSettings kafka = new TracepipeConfig.KafkaSettings(
                text("kafka.bootstrap-servers", "localhost:9092"),
                text("kafka.application-id", "tracepipe"),
                value("kafka.processing-guarantee", "exactly_once_v2", s -> Scalars.choice(s, GUARANTEES)),
                text("kafka.state-dir", "tracepipe-data/state"),
                text("kafka.group-instance-id", "auto"),
                integer("kafka.rocksdb-memory-mb", 256, 0, 1_000_000),
                passthrough(KAFKA_PROPERTIES));

        Topics names = new Topics(
                text("topics.input", Topics.DEFAULT_INPUT),
                text("topics.sampled-traces", Topics.DEFAULT_SAMPLED_TRACES),
                text("topics.alerts", Topics.DEFAULT_ALERTS),
                text("topics.dead-letter", Topics.DEFAULT_DEAD_LETTER));
        int partitions = integer("topics.partitions", 6, 1, 10_000);
        int replication = integer("topics.replication-factor", -1, -1, Short.MAX_VALUE);
        if (replication == 0) {
            report("topics.replication-factor", "must be -1 (broker default) or at least 1");
        }

        Encoding encoding = value("ingest.encoding", Encoding.OTLP_PROTO, s -> Scalars.choice(s, ENCODINGS));

        AssemblySettings d = AssemblySettings.DEFAULTS;
        Duration gap = duration("assembly.inactivity-gap", d.inactivityGap());
        Duration maxDuration = duration("assembly.max-trace-duration", d.maxTraceDuration());
        int maxSpans = integer("assembly.max-spans-per-trace", d.maxSpansPerTrace(), 1, Integer.MAX_VALUE);
        Duration lateMemory = duration("assembly.late-span-memory", d.lateSpanMemory());
        Duration punctuate = duration("assembly.punctuate-interval", d.punctuateInterval());
        Duration idlePartition = duration("assembly.idle-partition-timeout", gap);
        Duration maxLag = duration("assembly.max-partition-lag", AssemblySettings.DEFAULT_MAX_PARTITION_LAG);
        if (maxDuration.compareTo(gap) < 0) {
            report("assembly.max-trace-duration", "must not be shorter than assembly.inactivity-gap ("
                    + Durations.format(gap) + ")");
        }

        AlertingSettings alerting = new AlertingSettings(
                duration("alerting.window-grace", gap.plusSeconds(5)),
                duration("alerting.flush-interval", Duration.ofSeconds(1)),
                value("alerting.alertmanager.url", null, ConfigLoader::httpUrl),
                value("alerting.trace-url", null, ConfigLoader::traceUrl));
        List<Rule> rules = rules();
        SamplingSettings sampling = sampling();
        Redactor redactor = redactor();
        TracepipeConfig.HttpSettings http = new TracepipeConfig.HttpSettings(
                integer("http.port", 8080, -1, 65535),
                integer("http.max-series", 1000, 1, 1_000_000));

        HealthSettings hd = HealthSettings.DEFAULTS;
        HealthSettings health = new HealthSettings(
                value(HEALTH + ".enabled", hd.enabled(), Scalars::bool),
                duration(HEALTH + ".skew-tolerance", hd.skewTolerance()),
                integer(HEALTH + ".max-keys", hd.maxKeys(), 1, 100_000),
                duration(HEALTH + ".cardinality-period", hd.cardinalityPeriod()),
                integer(HEALTH + ".cardinality-threshold", (int) hd.cardinalityThreshold(), 1, Integer.MAX_VALUE));

        rejectSectionsThatAreNotMappings();
        rejectUnknownKeys();
        problems.throwIfAny(what);
        return new TracepipeConfig(kafka, new TracepipeConfig.TopicSettings(names, partitions, (short) replication), encoding,
                new AssemblySettings(gap, maxDuration, maxSpans, lateMemory, punctuate, idlePartition, maxLag), rules, alerting, sampling, redactor, http,
                health);
    }

    /** The {@code rules:} list, or the shipped rules when the key is absent. */
    private List<Rule> rules() {
        known.add(RULES);
        ConfigTree.Entry entry = tree.entries().get(RULES);
        try {
            if (entry == null) {
                return RulesParser.parseDocument(defaultRules());
            }
            return RulesParser.parse(entry.value());
        } catch (ConfigException e) {
            problems.addAll(e);
            return List.of();
        }
    }

    /** The {@code sampling.policies} list, read once here (each task makes its own instances), or keep everything. */
    private SamplingSettings sampling() {
        known.add(SAMPLING);
        known.add(SamplingPoliciesParser.PATH);
        ConfigTree.Entry entry = tree.entries().get(SamplingPoliciesParser.PATH);
        try {
            return entry == null ? SamplingSettings.KEEP_ALL : new SamplingSettings(SamplingPoliciesParser.read(entry.value()));
        } catch (ConfigException e) {
            problems.addAll(e);
            return null;
        }
    }

    /** The {@code redaction:} section (its keys are validated by the redaction parser), or the shipped masks. */
    private Redactor redactor() {
        known.add(REDACTION);
        ConfigTree.Entry entry = tree.entries().get(REDACTION);
        try {
            return entry == null ? Redactor.defaults() : RedactionParser.parse(withSaltFromEnvironment(entry.value()));
        } catch (ConfigException e) {
            problems.addAll(e);
            return null;
        }
    }

    /** {@code TRACEPIPE_REDACTION_SALT} replaces the file's salt, so the secret need not be written in it. */
    private Node withSaltFromEnvironment(Node redaction) {
        String salt = env.get(envName(REDACTION + ".salt"));
        if (salt == null || !(redaction instanceof MappingNode mapping)) {
            return redaction;
        }
        List<NodeTuple> tuples = new ArrayList<>(mapping.getValue());
        tuples.removeIf(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("salt"));
        tuples.add(new NodeTuple(new ScalarNode(Tag.STR, "salt", mapping.getStartMark(), mapping.getEndMark(), DumperOptions.ScalarStyle.PLAIN),
                new ScalarNode(Tag.STR, salt, mapping.getStartMark(), mapping.getEndMark(), DumperOptions.ScalarStyle.PLAIN)));
        return new MappingNode(mapping.getTag(), tuples, mapping.getFlowStyle());
    }

    private static String defaultRules() {
        try (var in = ConfigLoader.class.getResourceAsStream(DEFAULT_RULES)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the shipped rules " + DEFAULT_RULES + " are missing from the jar", e);
        }
    }

    /** A trace URL template: an http(s) URL holding {@code {trace_id}}, which each exemplar's id replaces. */
    private static String traceUrl(String text) {
        String url = text.trim();
        if (!url.contains(AlertJson.TRACE_ID_PLACEHOLDER) || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("expected an http(s) URL with " + AlertJson.TRACE_ID_PLACEHOLDER
                    + " in it, e.g. http://tracepipe:8080/#trace=" + AlertJson.TRACE_ID_PLACEHOLDER + ", got '" + text + "'");
        }
        return url;
    }

    private static URI httpUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: '" + text + "'");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected an http(s) URL such as http://alertmanager:9093, got '" + text + "'");
        }
        return uri;
    }

    /** The environment variable that overrides a key: {@code assembly.inactivity-gap} → {@code TRACEPIPE_ASSEMBLY_INACTIVITY_GAP}. */
    static String envName(String path) {
        return ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The text of a scalar, from its environment variable or the file; null when neither has it. */
    private String raw(String path) {
        known.add(path);
        String fromEnv = env.get(envName(path));
        if (fromEnv != null) {
            return fromEnv;
        }
        ConfigTree.Entry entry = tree.entries().get(path);
        if (entry == null) {
            return null;
        }
        if (entry.scalar() == null) {
            report(path, "expected a single value, not a " + (entry.value() instanceof MappingNode ? "mapping" : "list"));
        }
        return entry.scalar();
    }

    /** Reports a problem about a key where its value came from: its environment variable, or its line. */
    private void report(String path, String message) {
        String variable = envName(path);
        ConfigTree.Entry entry = tree.entries().get(path);
        if (env.containsKey(variable)) {
            problems.addUnplaced("environment " + variable + ": " + path + ": " + message);
        } else if (entry == null) {
            problems.addUnplaced(path + ": " + message);
        } else {
            problems.add(entry.key(), Place.path(path), message);
        }
    }

    private <T> T value(String path, T fallback, Function<String, T> parser) {
        String raw = raw(path);
        if (raw == null) {
            return fallback;
        }
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            report(path, e.getMessage());
            return fallback;
        }
    }

    private String text(String path, String fallback) {
        return value(path, fallback, s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return s.trim();
        });
    }

    private Duration duration(String path, Duration fallback) {
        return value(path, fallback, Scalars::positiveDuration);
    }

    private int integer(String path, int fallback, int min, int max) {
        return value(path, fallback, s -> (int) Scalars.wholeNumber(s, min, max));
    }

    /** Any Kafka client property, passed through as written. */
    private Map<String, String> passthrough(String prefix) {
        known.add(prefix);
        Map<String, String> out = new LinkedHashMap<>();
        tree.entries().forEach((path, entry) -> {
            if (path.startsWith(prefix + ".")) {
                known.add(path);
                if (entry.scalar() == null) {
                    // a nested mapping under properties: keep its dotted path as the property name
                    return;
                }
                // a key written in the file can take its value from the environment (secrets)
                String fromEnv = env.get(envName(path));
                out.put(path.substring(prefix.length() + 1), fromEnv != null ? fromEnv : entry.scalar());
            }
        });
        return out;
    }

    /** A section written as a single value or a list would otherwise be silently ignored. */
    private void rejectSectionsThatAreNotMappings() {
        for (String section : Stream.concat(SECTIONS.stream(), Stream.of(KAFKA_PROPERTIES, SAMPLING)).toList()) {
            ConfigTree.Entry entry = tree.entries().get(section);
            if (entry != null && !(entry.value() instanceof MappingNode) && !MappingReader.isNull(entry.value())) {
                problems.add(entry.value(), Place.path(section), "expected a mapping of its keys, not a "
                        + (entry.value() instanceof SequenceNode ? "list" : "single value"));
            }
        }
    }

    private void rejectUnknownKeys() {
        tree.entries().forEach((path, entry) -> {
            if (!known.contains(path)) {
                String closest = ClosestName.among(path, known);
                problems.add(entry.key(), "unknown key '" + path + "'" + (closest == null ? "" : " (did you mean '" + closest + "'?)"));
            }
        });
    }
}
