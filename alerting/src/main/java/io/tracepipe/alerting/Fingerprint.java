package io.tracepipe.alerting;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stable identity of an alert: 16 lowercase hex digits of Alertmanager's label-set fingerprint
 * (64-bit FNV-1a over the labels sorted by name, each name and value followed by a 0xff byte).
 */
public final class Fingerprint {

    /** The label that carries the rule name, as Alertmanager expects it. */
    public static final String ALERTNAME = "alertname";

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    // 0xff never occurs in UTF-8, so it cannot be confused with label text ("a"+"bc" vs "ab"+"c").
    private static final int SEPARATOR = 0xff;

    private Fingerprint() {}

    /**
     * The fingerprint of one rule over one group key: the labels plus {@code alertname=rule}. It
     * depends on nothing else (not severity, not the rule's extra labels), so editing those does
     * not orphan a record in the compacted alert topic, whose key this is.
     */
    public static String of(String rule, Map<String, String> groupLabels) {
        TreeMap<String, String> labels = new TreeMap<>(groupLabels);
        labels.put(ALERTNAME, rule);
        return ofLabels(labels);
    }

    /** Alertmanager's fingerprint of a label set, bit for bit (its API shows the same value). */
    public static String ofLabels(Map<String, String> labels) {
        long hash = FNV_OFFSET;
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            hash = add(hash, label.getKey());
            hash = add(hash, label.getValue());
        }
        return String.format("%016x", hash);
    }

    private static long add(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        return (hash ^ SEPARATOR) * FNV_PRIME;
    }
}
