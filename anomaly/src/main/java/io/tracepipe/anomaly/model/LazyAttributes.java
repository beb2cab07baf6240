package io.tracepipe.anomaly.model;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An unmodifiable attribute map built on first use: most rules read only service, operation, kind
 * and status, so the attributes of most spans are never looked at and never copied.
 */
public final class LazyAttributes extends AbstractMap<String, Object> {
    private final Supplier<Map<String, Object>> source;
    private Map<String, Object> built;

    private LazyAttributes(Supplier<Map<String, Object>> source) {
        this.source = source;
    }

    /** A map whose content {@code source} gives, called at most once, on the first read. */
    public static Map<String, Object> of(Supplier<Map<String, Object>> source) {
        return new LazyAttributes(source);
    }

    private Map<String, Object> built() {
        if (built == null) {
            built = Map.copyOf(source.get());
        }
        return built;
    }

    @Override
    public Object get(Object key) {
        return built().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return built().containsKey(key);
    }

    @Override
    public int size() {
        return built().size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return built().entrySet();
    }
}
