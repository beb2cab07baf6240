package io.tracepipe.sampling;

import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One entry of a policy list as read: its name (null when missing or invalid), where the name
 * was written, and what makes the policy (null when the entry has problems, all of them reported).
 */
record ReadPolicy(String name, Node nameNode, Supplier<Policy> policy) {}
