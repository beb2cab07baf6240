package io.tracepipe.redaction;

import io.tracepipe.config.ConfigException;
import io.tracepipe.config.ConfigProblems;
import io.tracepipe.config.MappingReader;
import io.tracepipe.config.YamlDocuments;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code redaction:} section of the configuration into a {@link Redactor}.
 *
 * <pre>
 * redaction:
 *   allow: [service.name, http.route, "k8s.*"]   # optional allow-list: other attributes are dropped
 *   delete: [http.request.header.authorization]  # removed everywhere
 *   hash: [enduser.id]                          # value → "sha256:" + hex SHA-256(salt ‖ value)
 *   salt: "a-secret"                            # required with hash; never shown
 *   mask:                                       # replaces the matched part of string values
 *     - builtin: email                          # → "&lt;redacted:email&gt;"
 *     - builtin: card_number                    # → "&lt;redacted:card_number&gt;"
 *     - regex: "\\b\\d{3}-\\d{2}-\\d{4}\\b"
 *       replacement: "***-**-****"              # literal text; default "&lt;redacted&gt;"
 *       keys: [note, comment]                   # optional: only these keys' values
 *   defaults: true                              # the shipped email and card_number masks
 * </pre>
 *
 * Keys may end with {@code *} as a prefix wildcard. Without a {@code redaction:} key the shipped
 * defaults apply (e-mail and card number masks).
 */
public final class RedactionParser {

    private RedactionParser() {}

    /**
     * The redactor for the {@code redaction:} node; the shipped defaults when the node is null or empty.
     *
     * @throws ConfigException listing every problem, each as {@code line N: redaction.FIELD: message}
     */
    public static Redactor parse(Node redactionNode) {
        if (redactionNode == null || MappingReader.isNull(redactionNode)) {
            return Redactor.defaults();
        }
        return new RedactionReader().read(redactionNode);
    }

    /**
     * The redactor for the top-level {@code redaction:} key of a whole YAML document (other keys are
     * ignored: they belong to the rest of the configuration); the defaults when it has none.
     *
     * @throws ConfigException for YAML syntax errors too, with their line
     */
    public static Redactor parseDocument(String yaml) {
        Node root = YamlDocuments.compose(yaml, RedactionReader.WHAT);
        if (root == null) {
            return Redactor.defaults();
        }
        if (!(root instanceof MappingNode mapping)) {
            ConfigProblems problems = new ConfigProblems();
            problems.add(root, RedactionReader.PLACE, "expected a configuration mapping with a 'redaction:' key");
            throw problems.failure(RedactionReader.WHAT);
        }
        return parse(YamlDocuments.valueOf(mapping, "redaction"));
    }
}
