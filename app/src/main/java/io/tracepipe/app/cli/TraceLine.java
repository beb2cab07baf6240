package io.tracepipe.app.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.TraceSummary;
import io.tracepipe.topology.HeaderValues;
import io.tracepipe.topology.assembly.TraceAssembler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One line per record of the sampled-traces topic: trace id, root service and operation, size, duration, flags. */
final class TraceLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private TraceLine() {}

    static String format(ConsumerRecord<byte[], byte[]> rec) {
        String traceId = rec.key() == null ? "?" : new String(rec.key(), StandardCharsets.UTF_8);
        TraceSummary s;
        try {
            s = TraceSummary.of(TracesData.parseFrom(rec.value()));
        } catch (InvalidProtocolBufferException e) {
            return traceId + "  (unreadable: " + e.getMessage() + ")";
        }
        StringBuilder line = new StringBuilder()
                .append(TIME.format(Instant.ofEpochMilli(rec.timestamp()))).append("  trace ").append(traceId).append("  ")
                .append(String.format("%-10s %-22s %4d spans %7d ms", s.rootService(), s.rootOperation(), s.spanCount(), s.duration().toMillis()));
        if (s.hasErrors()) {
            line.append("  ERROR(").append(s.errorSpans()).append(')');
        }
        if ("true".equals(HeaderValues.text(rec.headers(), TraceAssembler.HEADER_LATE))) {
            line.append("  late part ").append(HeaderValues.text(rec.headers(), TraceAssembler.HEADER_PART));
        }
        if ("true".equals(HeaderValues.text(rec.headers(), TraceAssembler.HEADER_TRUNCATED))) {
            line.append("  truncated (").append(HeaderValues.text(rec.headers(), TraceAssembler.HEADER_COMPLETION)).append(')');
        }
        return line.toString();
    }
}
