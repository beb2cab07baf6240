package io.tracepipe.topology.assembly;

import io.opentelemetry.proto.trace.v1.TracesData;

/**
 * A trace as the assembler's stores hold it: every stored part merged, each span once.
 *
 * @param data the spans, regrouped under their Resource and Scope (not yet redacted)
 * @param spanCount how many distinct spans
 * @param partial a part of the trace is still being assembled: more spans may come
 */
public record StoredTrace(TracesData data, int spanCount, boolean partial) {}
