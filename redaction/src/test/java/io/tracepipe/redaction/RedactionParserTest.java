package io.tracepipe.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tracepipe.config.ConfigException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

class RedactionParserTest {

    private static final String FULL = """
            kafka: { bootstrap-servers: "localhost:9092" }
            redaction:
              delete: [http.request.header.authorization, db.query.text]
              hash: [enduser.id, user.email]
              salt: "a-secret"
              mask:
                - builtin: email
                - builtin: card_number
                - regex: "\\\\b\\\\d{3}-\\\\d{2}-\\\\d{4}\\\\b"
                  replacement: "***-**-****"
                  keys: [note, comment]
              allow: [service.name, http.route, note, comment, "enduser.*", user.email, other]
              defaults: true
            """;

    private static ConfigException failure(String redactionBody) {
        return catchThrowableOfType(ConfigException.class,
                () -> RedactionParser.parseDocument("redaction:\n" + redactionBody.indent(2)));
    }

    @Test
    void readsTheWholeSection() {
        Redactor redactor = RedactionParser.parseDocument(FULL);

        Map<String, String> labels = redactor.redactLabels(Map.of(
                "db.query.text", "SELECT 1",
                "enduser.id", "u-1",
                "note", "SSN 123-45-6789",
                "other", "SSN 123-45-6789 bob@shop.example",
                "peer.ip", "10.0.0.7"));

        assertThat(labels).containsOnlyKeys("enduser.id", "note", "other")
                .containsEntry("note", "SSN ***-**-****")
                .containsEntry("other", "SSN 123-45-6789 <redacted:email>");
        assertThat(labels.get("enduser.id")).startsWith("sha256:");
    }

    @Test
    void parsesANodeTakenFromTheWholeConfiguration() {
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(FULL));
        Node redaction = ((MappingNode) root).getValue().get(1).getValueNode();

        assertThat(RedactionParser.parse(redaction).toString()).contains("enduser.id", "db.query.text");
    }

    @Test
    void usesTheShippedDefaultsWithoutARedactionSection() {
        assertThat(RedactionParser.parse(null)).isSameAs(Redactor.defaults());
        assertThat(RedactionParser.parseDocument("kafka: { application-id: x }")).isSameAs(Redactor.defaults());
        assertThat(RedactionParser.parseDocument("redaction:")).isSameAs(Redactor.defaults());
        assertThat(RedactionParser.parseDocument("")).isSameAs(Redactor.defaults());
        assertThat(Redactor.defaults().redactLabels(Map.of("note", "bob@shop.example 4111 1111 1111 1111")))
                .containsEntry("note", "<redacted:email> <redacted:card_number>");
    }

    @Test
    void turnsTheShippedMasksOffWithDefaultsFalse() {
        Redactor redactor = RedactionParser.parseDocument("redaction: { defaults: false }");

        assertThat(redactor.isNoop()).isTrue();
        assertThat(redactor.redactLabels(Map.of("note", "bob@shop.example"))).containsEntry("note", "bob@shop.example");
    }

    @Test
    void aListedBuiltinReplacesTheShippedOne() {
        Redactor redactor = RedactionParser.parseDocument("""
                redaction:
                  mask:
                    - { builtin: email, keys: [user.email], replacement: "[email]" }
                """);

        assertThat(redactor.redactLabels(Map.of("user.email", "bob@shop.example", "note", "bob@shop.example 4111111111111111")))
                .containsEntry("user.email", "[email]")
                .as("the email mask is limited to its keys; the card mask still runs everywhere")
                .containsEntry("note", "bob@shop.example <redacted:card_number>");
    }

    @Test
    void acceptsEmptyListsAndASingleKeyWithoutBrackets() {
        Redactor redactor = RedactionParser.parseDocument("""
                redaction:
                  delete: db.query.text
                  hash: []
                  mask: []
                  allow: []
                """);

        assertThat(redactor.redactLabels(Map.of("db.query.text", "SELECT 1", "peer.ip", "10.0.0.7")))
                .as("an empty allow-list is no allow-list").containsOnlyKeys("peer.ip");
    }

    @Test
    void reportsEveryProblemAtOnceWithItsLineAndField() {
        ConfigException e = failure("""
                delte: [x]
                hash: [enduser.id]
                mask:
                  - builtin: emial
                  - regex: "([a-z]+"
                  - { regex: "x", builtin: email }
                  - { replacment: "x" }
                allow: ["http.*.route"]
                defaults: maybe
                """);

        assertThat(e.problems()).containsExactly(
                "line 2: redaction.delte: unknown field; did you mean 'delete'?",
                "line 3: redaction.salt: required when 'hash' lists keys: a secret text mixed into every hash,"
                        + " so that hashes cannot be matched against hashes of guessed values",
                "line 5: redaction.mask[1].builtin: 'emial' is not one of email, card_number; did you mean 'email'?",
                "line 6: redaction.mask[2].regex: '([a-z]+' is not a regular expression: Unclosed group at index 7",
                "line 7: redaction.mask[3]: give either 'builtin' or 'regex', not both",
                "line 8: redaction.mask[4]: needs 'builtin' (one of email, card_number) or 'regex'",
                "line 8: redaction.mask[4].replacment: unknown field; did you mean 'replacement'?",
                "line 9: redaction.allow: 'http.*.route': '*' is only allowed at the end of a key,"
                        + " as a prefix wildcard (e.g. http.request.header.*)",
                "line 10: redaction.defaults: 'maybe' is not true or false");
        assertThat(e.getMessage()).startsWith("invalid redaction configuration:\n  line 2: redaction.delte:");
    }

    @Test
    void rejectsDeletingOrHashingServiceName() {
        ConfigException e = failure("""
                delete: [service.name]
                hash: [service.name]
                salt: s
                """);

        assertThat(e.problems()).hasSize(2).allSatisfy(problem -> assertThat(problem).contains("'service.name' is always kept"));
    }

    @Test
    void rejectsAKeyBothDeletedAndHashed() {
        ConfigException e = failure("""
                delete: [enduser.id]
                hash:
                  - enduser.id
                salt: s
                """);

        assertThat(e.problems()).containsExactly("line 4: redaction.hash: 'enduser.id' is also deleted (line 2);"
                + " delete runs first, so there would be nothing to hash");
    }

    @Test
    void rejectsMalformedShapes() {
        assertThat(failure("[delete, hash]").problems())
                .containsExactly("line 2: redaction: expected a mapping of allow, delete, hash, salt, mask, defaults");
        assertThat(failure("""
                delete: [{ key: x }, ""]
                mask: { builtin: email }
                salt: [a, b]
                """).problems()).containsExactly(
                "line 2: redaction.delete: expected attribute keys as text, such as [enduser.id, http.request.header.*]",
                "line 2: redaction.delete: an empty key matches nothing",
                "line 3: redaction.mask: expected a list of masks, each '- builtin: NAME' or '- regex: PATTERN'",
                "line 4: redaction.salt: expected a single value, not a list");
        assertThat(failure("""
                delete: [a]
                delete: [b]
                """).problems()).containsExactly("line 3: duplicate key redaction.delete (first at line 2)");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> RedactionParser.parseDocument("redaction:\n  delete: [a, b\n  hash: x: y\n"));

        assertThat(e.problems()).singleElement().asString().startsWith("line 3: yaml: ");
    }

    @Test
    void neverShowsTheSaltInMessages() {
        String secret = "s3cr3t-pepper-1234";
        ConfigException wrongShape = failure("salt: [" + secret + "]\nhash: [x]");
        ConfigException otherProblems = failure("salt: " + secret + "\nhash: [x]\nsalt_: 1\nmask: [{ regex: '(' }]");
        Redactor redactor = RedactionParser.parseDocument("redaction: { salt: " + secret + ", hash: [x] }");

        assertThat(wrongShape.getMessage()).doesNotContain(secret);
        assertThat(otherProblems.problems()).hasSize(2);
        assertThat(otherProblems.getMessage()).doesNotContain(secret);
        assertThat(redactor.toString()).doesNotContain(secret).contains("salted SHA-256");
    }
}
