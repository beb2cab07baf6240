package io.tracepipe.topology;

/** The names of the topics tracepipe reads and writes. */
public record Topics(String input, String sampledTraces, String alerts, String deadLetter) {
    public static final String DEFAULT_INPUT = "otlp_spans";
    public static final String DEFAULT_SAMPLED_TRACES = "tracepipe-sampled-traces";
    public static final String DEFAULT_ALERTS = "tracepipe-alerts";
    public static final String DEFAULT_DEAD_LETTER = "tracepipe-dlq";

    /** Name of the repartition by trace id; Kafka Streams prefixes it with the application id. */
    public static final String SPANS_BY_TRACE = "spans-by-trace";

    /** Name of the repartition of rule statistics by rule and group key. */
    public static final String RULE_PARTIALS = "rule-partials";

    public static final Topics DEFAULTS = new Topics(DEFAULT_INPUT, DEFAULT_SAMPLED_TRACES, DEFAULT_ALERTS, DEFAULT_DEAD_LETTER);
}
