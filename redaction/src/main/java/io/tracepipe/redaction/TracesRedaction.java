package io.tracepipe.redaction;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.List;

/**
 * Applies {@link AttributeRules} to every place a {@code TracesData} holds attributes: resource,
 * instrumentation scope, span, span event and span link. A message is rebuilt only when something
 * inside it changed, so an untouched trace comes back as the same instance. Removed attributes
 * are added to the message's {@code dropped_attributes_count}, so readers can tell that some
 * were there.
 */
final class TracesRedaction {
    private final AttributeRules rules;

    TracesRedaction(AttributeRules rules) {
        this.rules = rules;
    }

    TracesData apply(TracesData data) {
        TracesData.Builder builder = null;
        for (int i = 0; i < data.getResourceSpansCount(); i++) {
            ResourceSpans before = data.getResourceSpans(i);
            ResourceSpans after = resourceSpans(before);
            if (after != before) {
                if (builder == null) {
                    builder = data.toBuilder();
                }
                builder.setResourceSpans(i, after);
            }
        }
        return builder == null ? data : builder.build();
    }

    private ResourceSpans resourceSpans(ResourceSpans resourceSpans) {
        ResourceSpans.Builder builder = null;
        if (resourceSpans.hasResource()) {
            Resource before = resourceSpans.getResource();
            List<KeyValue> attributes = before.getAttributesList();
            List<KeyValue> redacted = rules.apply(attributes);
            if (redacted != attributes) {
                builder = resourceSpans.toBuilder();
                builder.setResource(before.toBuilder().clearAttributes().addAllAttributes(redacted)
                        .setDroppedAttributesCount(before.getDroppedAttributesCount() + attributes.size() - redacted.size()));
            }
        }
        for (int i = 0; i < resourceSpans.getScopeSpansCount(); i++) {
            ScopeSpans before = resourceSpans.getScopeSpans(i);
            ScopeSpans after = scopeSpans(before);
            if (after != before) {
                if (builder == null) {
                    builder = resourceSpans.toBuilder();
                }
                builder.setScopeSpans(i, after);
            }
        }
        return builder == null ? resourceSpans : builder.build();
    }

    private ScopeSpans scopeSpans(ScopeSpans scopeSpans) {
        ScopeSpans.Builder builder = null;
        if (scopeSpans.hasScope()) {
            InstrumentationScope before = scopeSpans.getScope();
            List<KeyValue> attributes = before.getAttributesList();
            List<KeyValue> redacted = rules.apply(attributes);
            if (redacted != attributes) {
                builder = scopeSpans.toBuilder();
                builder.setScope(before.toBuilder().clearAttributes().addAllAttributes(redacted)
                        .setDroppedAttributesCount(before.getDroppedAttributesCount() + attributes.size() - redacted.size()));
            }
        }
        for (int i = 0; i < scopeSpans.getSpansCount(); i++) {
            Span before = scopeSpans.getSpans(i);
            Span after = span(before);
            if (after != before) {
                if (builder == null) {
                    builder = scopeSpans.toBuilder();
                }
                builder.setSpans(i, after);
            }
        }
        return builder == null ? scopeSpans : builder.build();
    }

    private Span span(Span span) {
        Span.Builder builder = null;
        List<KeyValue> attributes = span.getAttributesList();
        List<KeyValue> redacted = rules.apply(attributes);
        if (redacted != attributes) {
            builder = span.toBuilder().clearAttributes().addAllAttributes(redacted)
                    .setDroppedAttributesCount(span.getDroppedAttributesCount() + attributes.size() - redacted.size());
        }
        for (int i = 0; i < span.getEventsCount(); i++) {
            Span.Event before = span.getEvents(i);
            Span.Event after = event(before);
            if (after != before) {
                if (builder == null) {
                    builder = span.toBuilder();
                }
                builder.setEvents(i, after);
            }
        }
        for (int i = 0; i < span.getLinksCount(); i++) {
            Span.Link before = span.getLinks(i);
            Span.Link after = link(before);
            if (after != before) {
                if (builder == null) {
                    builder = span.toBuilder();
                }
                builder.setLinks(i, after);
            }
        }
        return builder == null ? span : builder.build();
    }

    private Span.Event event(Span.Event event) {
        List<KeyValue> attributes = event.getAttributesList();
        List<KeyValue> redacted = rules.apply(attributes);
        if (redacted == attributes) {
            return event;
        }
        return event.toBuilder().clearAttributes().addAllAttributes(redacted)
                .setDroppedAttributesCount(event.getDroppedAttributesCount() + attributes.size() - redacted.size()).build();
    }

    private Span.Link link(Span.Link link) {
        List<KeyValue> attributes = link.getAttributesList();
        List<KeyValue> redacted = rules.apply(attributes);
        if (redacted == attributes) {
            return link;
        }
        return link.toBuilder().clearAttributes().addAllAttributes(redacted)
                .setDroppedAttributesCount(link.getDroppedAttributesCount() + attributes.size() - redacted.size()).build();
    }
}
