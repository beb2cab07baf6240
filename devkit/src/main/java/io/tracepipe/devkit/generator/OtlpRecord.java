package io.tracepipe.devkit.generator;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One Kafka record as a Collector's {@code kafka} exporter publishes it: the value is a serialized
 * {@code ExportTraceServiceRequest} holding the spans one pod exported in one batch.
 *
 * @param service the {@code service.name} of the record's single resource
 * @param exportedAt when the batch was exported; a natural Kafka record timestamp
 * @param spansPerTrace span count per lowercase hex trace id, in the order the traces first appear
 */
public record OtlpRecord(byte[] value, String service, Instant exportedAt, int spanCount, Map<String, Integer> spansPerTrace) {
    public OtlpRecord {
        spansPerTrace = Collections.unmodifiableMap(new LinkedHashMap<>(spansPerTrace));
    }

    public Set<String> traceIdsHex() {
        return spansPerTrace.keySet();
    }

    // Arrays compare by content so that equal records (e.g. from the same seed) are equal.
    @Override
    public boolean equals(Object other) {
        return other instanceof OtlpRecord
                && Arrays.equals(value, ((OtlpRecord) other).value)
                && service.equals(((OtlpRecord) other).service)
                && exportedAt.equals(((OtlpRecord) other).exportedAt)
                && spanCount == ((OtlpRecord) other).spanCount
                && spansPerTrace.equals(((OtlpRecord) other).spansPerTrace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(value), service, exportedAt, spanCount, spansPerTrace);
    }

    @Override
    public String toString() {
        return "OtlpRecord[" + service + " at " + exportedAt + ", " + spanCount + " spans of "
                + spansPerTrace.size() + " traces, " + value.length + " bytes]";
    }
}
