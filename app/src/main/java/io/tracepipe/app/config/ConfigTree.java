package io.tracepipe.app.config;

import io.tracepipe.config.ConfigProblems;
import io.tracepipe.config.MappingReader;
import io.tracepipe.config.Place;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A YAML document flattened to dotted paths ({@code assembly.inactivity-gap}), each with the nodes
 * of its key and value, so that every error can name its line. Its mappings are read with the
 * shared {@link MappingReader}: keys given twice and keys that are not plain text are reported,
 * merge keys are resolved.
 */
final class ConfigTree {
    /** A key and its value as written. */
    record Entry(String path, Node key, Node value) {
        /** The value's text, or null when it is a mapping or a list. */
        String scalar() {
            return value instanceof ScalarNode scalar ? scalar.getValue() : null;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Set<String> opaque;
    private final ConfigProblems problems;

    private ConfigTree(Set<String> opaque, ConfigProblems problems) {
        this.opaque = opaque;
        this.problems = problems;
    }

    /**
     * @param root the document's root node, null for an empty document
     * @param opaque paths whose value another parser reads (rules, redaction): kept whole, not flattened
     */
    static ConfigTree of(Node root, Set<String> opaque, ConfigProblems problems) {
        ConfigTree tree = new ConfigTree(opaque, problems);
        if (root instanceof MappingNode mapping) {
            tree.flatten(new MappingReader(mapping, Place.path(""), problems), MappingReader.identitySet(mapping));
        } else if (root != null) {
            problems.add(root, "the configuration must be a mapping of sections (kafka:, topics:, ...)");
        }
        return tree;
    }

    /** @param outer the mappings this one is inside of, and itself: an alias may make a mapping hold itself */
    private void flatten(MappingReader mapping, Set<Node> outer) {
        for (String name : mapping.names()) {
            String path = mapping.place().field(name).path();
            Node value = mapping.value(name);
            entries.put(path, new Entry(path, mapping.key(name), value));
            if (value instanceof MappingNode nested && !opaque.contains(path)) {
                if (!outer.add(nested)) {
                    problems.add(mapping.key(name), Place.path(path), "a mapping cannot hold itself (through an alias)");
                    continue;
                }
                flatten(new MappingReader(nested, Place.path(path), problems), outer);
                outer.remove(nested);
            }
        }
    }

    Map<String, Entry> entries() {
        return entries;
    }
}
