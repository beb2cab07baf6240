package io.tracepipe.app.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertJson;
import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.ingest.TraceSummary;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the demo prints for the person watching: every alert change (with a link to its first
 * exemplar, made from {@code alerting.trace-url}), the traces worth a look — failed, slow, or an alert's exemplar — and,
 * every {@link #SUMMARY_EVERY}, one line about all the rest.
 */
final class DemoConsole {
    static final Duration SUMMARY_EVERY = Duration.ofSeconds(10);
    static final Duration SLOW = Duration.ofSeconds(1);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final String pageUrl;
    private final String traceUrl;
    private final boolean colour;
    private final Set<String> firing = ConcurrentHashMap.newKeySet();
    private long traces;
    private long shown;
    private long alerts;
    private long windowTraces;
    private long windowErrors;
    private long windowSlow;

    /** @param traceUrl the alerts' trace link template ({@code {trace_id}}), or null to print no links */
    DemoConsole(PrintStream out, String pageUrl, String traceUrl, boolean colour) {
        this.out = out;
        this.pageUrl = pageUrl;
        this.traceUrl = traceUrl;
        this.colour = colour;
    }

    synchronized void trace(ConsumerRecord<byte[], byte[]> rec) {
        traces++;
        windowTraces++;
        TraceSummary summary;
        try {
            summary = TraceSummary.of(TracesData.parseFrom(rec.value()));
        } catch (InvalidProtocolBufferException e) {
            out.println(TraceLine.format(rec));
            return;
        }
        boolean slow = summary.duration().compareTo(SLOW) >= 0;
        windowErrors += summary.hasErrors() ? 1 : 0;
        windowSlow += slow ? 1 : 0;
        if (summary.hasErrors() || slow) {
            shown++;
            out.println(TraceLine.format(rec) + (slow && !summary.hasErrors() ? "  SLOW" : ""));
        }
    }

    synchronized void alert(ConsumerRecord<byte[], byte[]> rec) {
        alerts++;
        out.println("ALERT " + AlertsCommand.line(rec, colour));
        if (rec.value() == null) {
            return;
        }
        Alert alert = AlertJson.fromJson(new String(rec.value(), StandardCharsets.UTF_8));
        if (alert.status() == AlertStatus.FIRING) {
            firing.add(alert.fingerprint());
            if (traceUrl != null && !alert.exemplars().isEmpty()) {
                out.println("      evidence: " + traceUrl.replace(AlertJson.TRACE_ID_PLACEHOLDER, alert.exemplars().get(0)));
            }
        } else {
            firing.remove(alert.fingerprint());
        }
    }

    /** The one line about the traces since the last one. */
    synchronized void summary() {
        out.printf("%s  %d traces in the last %ds (%d with errors, %d slow), %d alerts firing; incident page: %s%n",
                TIME.format(LocalTime.now()), windowTraces, SUMMARY_EVERY.toSeconds(), windowErrors, windowSlow, firing.size(), pageUrl);
        windowTraces = 0;
        windowErrors = 0;
        windowSlow = 0;
    }

    synchronized long traces() {
        return traces;
    }

    synchronized long shown() {
        return shown;
    }

    synchronized long alerts() {
        return alerts;
    }
}
