package io.tracepipe.topology.assembly;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Merges the stored fragments of one trace into a single TracesData: spans that share a Resource
 * and Scope end up under one ResourceSpans/ScopeSpans, and a span id seen twice is kept once
 * (collectors retry, so the same span can arrive in two records).
 */
final class TraceMerger {
    private record ResourceKey(Resource resource, String schemaUrl) {}

    private record ScopeKey(InstrumentationScope scope, String schemaUrl) {}

    private final Map<ResourceKey, Map<ScopeKey, ScopeSpans.Builder>> groups = new LinkedHashMap<>();
    private final Set<ByteString> spanIds = new HashSet<>();
    private int spanCount;
    private int duplicates;

    void add(byte[] fragment) {
        TracesData data;
        try {
            data = TracesData.parseFrom(fragment);
        } catch (InvalidProtocolBufferException e) {
            // Fragments were written by our own decoder: unreadable state is corruption, not bad input.
            throw new IllegalStateException("stored trace fragment is unreadable", e);
        }
        for (ResourceSpans rs : data.getResourceSpansList()) {
            Map<ScopeKey, ScopeSpans.Builder> scopes =
                    groups.computeIfAbsent(new ResourceKey(rs.getResource(), rs.getSchemaUrl()), k -> new LinkedHashMap<>());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ScopeSpans.Builder target = null;
                for (Span span : ss.getSpansList()) {
                    if (!spanIds.add(span.getSpanId())) {
                        duplicates++;
                        continue;
                    }
                    if (target == null) {
                        target = scopes.computeIfAbsent(new ScopeKey(ss.getScope(), ss.getSchemaUrl()),
                                k -> ScopeSpans.newBuilder().setScope(k.scope()).setSchemaUrl(k.schemaUrl()));
                    }
                    target.addSpans(span);
                    spanCount++;
                }
            }
        }
    }

    int spanCount() {
        return spanCount;
    }

    int duplicates() {
        return duplicates;
    }

    TracesData build() {
        TracesData.Builder out = TracesData.newBuilder();
        groups.forEach((resource, scopes) -> {
            if (scopes.isEmpty()) {
                return;
            }
            ResourceSpans.Builder rs = out.addResourceSpansBuilder().setResource(resource.resource()).setSchemaUrl(resource.schemaUrl());
            scopes.values().forEach(rs::addScopeSpans);
        });
        return out.build();
    }
}
