package io.tracepipe.app.query;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.ingest.Ids;
import io.tracepipe.redaction.Redactor;
import io.tracepipe.topology.assembly.StoredTrace;
import io.tracepipe.topology.assembly.StoredTraceReader;
import io.tracepipe.topology.assembly.TraceAssembler;
import io.tracepipe.topology.assembly.TraceMeta;
import io.tracepipe.topology.decode.TracePartitions;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Finds a trace by id wherever its task runs, through Kafka Streams interactive queries: the
 * owner of the id's partition answers (this instance from its own stores, another one through
 * its internal endpoint); while the owner cannot be reached, an instance with a standby replica
 * of the partition answers from it; during a rebalance every instance is asked. What is
 * returned is already redacted, as the sampled topic is: nothing unredacted leaves an instance.
 * Without {@code application.server} this instance knows no peers and answers from its own stores.
 */
public final class TraceLookup {
    /** The internal endpoint another instance answers from its own stores only. */
    public static final String INTERNAL_PATH = "/internal/traces/";
    /** Header of every trace answer: the instance whose stores answered. */
    public static final String ANSWERED_BY_HEADER = "Tracepipe-Answered-By";
    /** Header of every trace answer: whether a part of the trace is still being assembled. */
    public static final String PARTIAL_HEADER = "Tracepipe-Partial";

    private static final StreamPartitioner<Bytes, Void> BY_TRACE_ID =
            (topic, key, value, partitions) -> Optional.of(Set.of(TracePartitions.of(key.get(), partitions)));

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Redactor redactor;
    private final Peers peers;

    /** @param self this instance's {@code application.server}, or null when it has none */
    public TraceLookup(KafkaStreams streams, HostInfo self, Redactor redactor, Peers peers) {
        this.streams = streams;
        this.self = self;
        this.redactor = redactor;
        this.peers = peers;
    }

    /** A trace id of up to 32 hex digits (either case), left-padded with zeros as Tempo does; null when it is not one. */
    public static byte[] parseId(String text) {
        if (text.isEmpty() || text.length() > 32 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        return Ids.fromHex("0".repeat(32 - text.length()) + text.toLowerCase(Locale.ROOT));
    }

    /** What a lookup found: the trace, that no instance holds it, or that none could answer. */
    public sealed interface Result {}

    /** @param answeredBy the instance whose stores answered ({@code application.server}, or "local") */
    public record Found(StoredTrace trace, String answeredBy) implements Result {}

    public record NotFound() implements Result {}

    public record Unavailable(String reason) implements Result {}

    /** Looks the trace up on whichever instance holds it. */
    public Result find(byte[] traceId) {
        if (self == null) {
            return local(traceId);
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(TraceAssembler.FRAGMENT_STORE, Bytes.wrap(traceId), BY_TRACE_ID);
        List<HostInfo> candidates = new ArrayList<>();
        if (owner != null && owner != KeyQueryMetadata.NOT_AVAILABLE) {
            candidates.add(owner.activeHost());
            candidates.addAll(owner.standbyHosts());
        } else {
            // Rebalancing: nobody is known to own the id, so everyone who might hold it is asked.
            candidates.add(self);
            for (StreamsMetadata client : streams.metadataForAllStreamsClients()) {
                candidates.add(client.hostInfo());
            }
        }
        for (HostInfo host : new LinkedHashSet<>(candidates)) {
            Result result = host.equals(self) ? local(traceId) : remote(host, traceId);
            if (!(result instanceof Unavailable)) {
                return result;
            }
        }
        return new Unavailable("no instance holding trace " + Ids.toHex(traceId) + " could be reached");
    }

    /** From this instance's own stores, active or standby, redacted; what the internal endpoint answers. */
    public Result local(byte[] traceId) {
        try {
            ReadOnlyWindowStore<Bytes, byte[]> fragments = streams.store(StoreQueryParameters
                    .fromNameAndType(TraceAssembler.FRAGMENT_STORE, QueryableStoreTypes.<Bytes, byte[]>windowStore()).enableStaleStores());
            ReadOnlyKeyValueStore<Bytes, TraceMeta> metas = streams.store(StoreQueryParameters
                    .fromNameAndType(TraceAssembler.META_STORE, QueryableStoreTypes.<Bytes, TraceMeta>keyValueStore()).enableStaleStores());
            Optional<StoredTrace> found = new StoredTraceReader(fragments, metas).read(traceId);
            String me = self == null ? "local" : self.host() + ":" + self.port();
            return found.<Result>map(t -> new Found(new StoredTrace(redactor.redact(t.data()), t.spanCount(), t.partial()), me))
                    .orElseGet(NotFound::new);
        } catch (InvalidStateStoreException e) {
            return new Unavailable("the stores of this instance are not queryable now: " + e.getMessage());
        }
    }

    private Result remote(HostInfo host, byte[] traceId) {
        HttpResponse<byte[]> answer = peers.get(host, INTERNAL_PATH + Ids.toHex(traceId));
        if (answer == null) {
            return new Unavailable(host + " did not answer");
        }
        if (answer.statusCode() == 404) {
            return new NotFound();
        }
        if (answer.statusCode() != 200) {
            return new Unavailable(host + " answered " + answer.statusCode());
        }
        try {
            TracesData data = TracesData.parseFrom(answer.body());
            int spans = data.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                    .mapToInt(ss -> ss.getSpansCount()).sum();
            boolean partial = "true".equals(answer.headers().firstValue(PARTIAL_HEADER).orElse("false"));
            return new Found(new StoredTrace(data, spans, partial), host.host() + ":" + host.port());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return new Unavailable(host + " sent an unreadable trace");
        }
    }

    /** The other instances of the application, for queries every instance answers a part of (search, service graph). */
    public List<HostInfo> others() {
        List<HostInfo> hosts = new ArrayList<>();
        if (self == null) {
            return hosts;
        }
        for (StreamsMetadata client : streams.metadataForAllStreamsClients()) {
            if (!client.hostInfo().equals(self)) {
                hosts.add(client.hostInfo());
            }
        }
        return hosts;
    }
}
