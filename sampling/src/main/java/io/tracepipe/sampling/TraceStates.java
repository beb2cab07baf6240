package io.tracepipe.sampling;

import java.util.function.BiConsumer;

/** Reads the W3C {@code tracestate} header format that spans carry: {@code key=value} members separated by commas. */
final class TraceStates {

    private TraceStates() {}

    /**
     * Calls {@code entry} for every {@code key=value} member of {@code traceState}. Members without
     * '=' or with an empty key are skipped rather than failing the whole header: one vendor's bad
     * entry must not hide the others.
     */
    static void forEachEntry(String traceState, BiConsumer<String, String> entry) {
        if (traceState.isEmpty()) {
            return;
        }
        for (String member : traceState.split(",")) {
            // W3C allows optional white space (spaces and tabs) around members
            String m = member.strip();
            int eq = m.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            entry.accept(m.substring(0, eq), m.substring(eq + 1));
        }
    }
}
