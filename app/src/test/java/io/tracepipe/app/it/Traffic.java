package io.tracepipe.app.it;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracepipe.ingest.Ids;
import io.tracepipe.devkit.generator.FaultInjector;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.TrafficPump;
import io.tracepipe.devkit.kafka.SpanPublisher;
import org.apache.kafka.clients.producer.RecordMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Generated shop traffic published in real time from a background thread, as a Collector would
 * (spans of one trace in several records on several partitions); remembers every span the broker
 * acknowledged ("spanId@traceId"), so a test can check that each comes out exactly once. A record
 * the broker never acknowledged (a send that expired during a long broker outage) is not in Kafka,
 * so it is not expected out; such records are counted, as a Collector's failed sends would be.
 */
final class Traffic implements AutoCloseable {
    private static final Duration TICK = Duration.ofMillis(100);

    private final SpanPublisher publisher;
    private final TrafficPump pump;
    private final Set<String> spans = new HashSet<>();
    private final Map<String, SentTrace> traces = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private int published;
    private int unacknowledgedRecords;
    private int unacknowledgedSpans;
    private String firstSendFailure = "";
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private boolean stamped;

    private Traffic(Map<String, Object> clientProperties, String topic, GeneratorSettings settings, FaultSchedule faults, Instant start) {
        this.publisher = new SpanPublisher(clientProperties, topic);
        this.pump = new TrafficPump(settings, new FaultInjector(), faults, start);
        this.thread = new Thread(this::run, "it-traffic");
        thread.setDaemon(true);
    }

    /** Starts publishing {@code settings}' traffic (rate, mix) with the fault schedule, until {@link #stop()}. */
    static Traffic start(Map<String, Object> clientProperties, String topic, GeneratorSettings settings, FaultSchedule faults) {
        Traffic traffic = new Traffic(clientProperties, topic, settings, faults, Instant.now());
        traffic.thread.start();
        return traffic;
    }

    /**
     * Writes the traffic of {@code from} to {@code to} at once, each record with the timestamp of its
     * export ({@link OtlpRecord#exportedAt()}), as if a Collector had written it over that time while
     * nothing read the topic; then {@link #stop()} waits for the acknowledgements.
     */
    static Traffic backlog(Map<String, Object> clientProperties, String topic, GeneratorSettings settings, FaultSchedule faults,
            Instant from, Instant to) throws Exception {
        Traffic traffic = new Traffic(clientProperties, topic, settings, faults, from);
        traffic.stamped = true;
        for (Instant t = from; t.isBefore(to); t = t.plus(TICK)) {
            traffic.publish(traffic.pump.advanceTo(t));
        }
        traffic.publish(traffic.pump.drain());
        traffic.publisher.flush();
        return traffic;
    }

    private void run() {
        try {
            while (!stopping) {
                publish(pump.advanceTo(Instant.now()));
                Thread.sleep(TICK.toMillis());
            }
            publish(pump.drain());
            publisher.flush();
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    private void publish(Iterable<OtlpRecord> records) throws Exception {
        for (OtlpRecord r : records) {
            Future<RecordMetadata> ack = stamped ? publisher.publishAt(r, r.exportedAt()) : publisher.publish(r);
            List<String> keys = new ArrayList<>();
            List<Span> sentSpans = new ArrayList<>();
            ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(r.value());
            req.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(s -> {
                keys.add(Ids.toHex(s.getSpanId().toByteArray()) + "@" + Ids.toHex(s.getTraceId().toByteArray()));
                sentSpans.add(s);
            })));
            synchronized (spans) {
                pending.add(new Pending(ack, keys, sentSpans));
                published += keys.size();
            }
        }
    }

    /** Spans handed to the producer so far. */
    int spansSent() {
        synchronized (spans) {
            return published;
        }
    }

    /** Stops, publishes the spans still waiting, waits until every send is answered; every span the broker acknowledged. */
    Set<String> stop() throws InterruptedException {
        stopping = true;
        if (thread.isAlive()) {
            thread.join(Duration.ofMinutes(3).toMillis());
        }
        if (failure.get() != null) {
            throw new AssertionError("publishing the traffic failed", failure.get());
        }
        synchronized (spans) {
            for (Pending p : pending) {
                try {
                    p.ack.get();
                    spans.addAll(p.keys);
                    for (Span span : p.spans) {
                        traces.computeIfAbsent(Ids.toHex(span.getTraceId().toByteArray()), SentTrace::new).add(span);
                    }
                } catch (ExecutionException notInKafka) {
                    if (unacknowledgedRecords == 0) {
                        firstSendFailure = " (" + notInKafka.getCause() + ")";
                    }
                    unacknowledgedRecords++;
                    unacknowledgedSpans += p.keys.size();
                }
            }
            pending.clear();
            return Set.copyOf(spans);
        }
    }

    /** After {@link #stop()}: the records (and their spans) the broker never acknowledged, e.g. "3 records, 5 spans". */
    String unacknowledged() {
        synchronized (spans) {
            return unacknowledgedRecords + " records, " + unacknowledgedSpans + " spans" + firstSendFailure;
        }
    }

    /** After {@link #stop()}: every trace of which the broker acknowledged spans, by lowercase hex id. */
    Map<String, SentTrace> traces() {
        synchronized (spans) {
            return Map.copyOf(traces);
        }
    }

    private record Pending(Future<RecordMetadata> ack, List<String> keys, List<Span> spans) {}

    @Override
    public void close() throws InterruptedException {
        if (!stopping) {
            stop();
        }
        publisher.close();
    }
}
