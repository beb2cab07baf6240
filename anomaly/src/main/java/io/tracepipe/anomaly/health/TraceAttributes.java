package io.tracepipe.anomaly.health;

/** The attribute values of one trace, handed to a visitor by hash: how the cardinality check reads a trace without copying it. */
@FunctionalInterface
public interface TraceAttributes {
    TraceAttributes NONE = visitor -> {};

    /** Receives one attribute value. */
    @FunctionalInterface
    interface Visitor {
        void value(String service, String key, long valueHash);
    }

    void forEach(Visitor visitor);
}
