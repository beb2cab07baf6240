package io.tracepipe.topology.rules;

import java.net.URI;
import java.time.Duration;

/**
 * How rule windows are closed and where alerts go besides the alert topic.
 *
 * @param windowGrace how long after a window's end its spans may still arrive
 * @param flushInterval how often each task sends its partial rule statistics on
 * @param alertmanagerUrl Alertmanager's base URL, or null for none
 * @param traceUrl a trace's URL with {@code {trace_id}} in it (alert links, Alertmanager's generatorURL), or null for none
 */
public record AlertingSettings(Duration windowGrace, Duration flushInterval, URI alertmanagerUrl, String traceUrl) {

    /** Without trace links. */
    public AlertingSettings(Duration windowGrace, Duration flushInterval, URI alertmanagerUrl) {
        this(windowGrace, flushInterval, alertmanagerUrl, null);
    }

    /** These settings with alert links made from {@code template} (holding {@code {trace_id}}). */
    public AlertingSettings withTraceUrl(String template) {
        return new AlertingSettings(windowGrace, flushInterval, alertmanagerUrl, template);
    }

    /** The defaults for an inactivity gap: a window may still get spans for the gap plus 5 s after its end. */
    public static AlertingSettings defaults(Duration inactivityGap) {
        return new AlertingSettings(inactivityGap.plusSeconds(5), Duration.ofSeconds(1), null);
    }
}
