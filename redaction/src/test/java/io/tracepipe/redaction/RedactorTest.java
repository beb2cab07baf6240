package io.tracepipe.redaction;

import static io.tracepipe.redaction.Traces.allAttributes;
import static io.tracepipe.redaction.Traces.array;
import static io.tracepipe.redaction.Traces.eventAttributes;
import static io.tracepipe.redaction.Traces.kv;
import static io.tracepipe.redaction.Traces.kvlist;
import static io.tracepipe.redaction.Traces.linkAttributes;
import static io.tracepipe.redaction.Traces.onlySpan;
import static io.tracepipe.redaction.Traces.resourceAttributes;
import static io.tracepipe.redaction.Traces.spanAttributes;
import static io.tracepipe.redaction.Traces.str;
import static io.tracepipe.redaction.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final String SALT = "pepper-9f2c";

    private static Redactor redactor(String body) {
        return RedactionParser.parseDocument("redaction:\n" + body.indent(2));
    }

    /** The documented hash, computed independently: "sha256:" + hex(SHA-256(salt ‖ value)). */
    private static String sha256(String salt, String value) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest((salt + value).getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(hash);
    }

    @Test
    void masksEmailsInEveryAttributeLocation() {
        TracesData data = trace().everywhere(kv("note", "mail bob@shop.example now"), kv("count", 3)).build();

        TracesData redacted = Redactor.defaults().redact(data);

        assertThat(allAttributes(redacted)).hasSize(5).allSatisfy(attributes -> assertThat(attributes)
                .containsEntry("note", "mail <redacted:email> now")
                .containsEntry("count", 3L));
    }

    @Test
    void masksStringsNestedInArraysAndKeyValueLists() {
        TracesData data = trace().everywhere(
                kv("recipients", array(str("ops"), str("bob@shop.example"), array(str("eve@shop.example")))),
                kv("order", kvlist(kv("id", 42), kv("contact", "alice@shop.example"),
                        kv("billing", kvlist(kv("card", "4111 1111 1111 1111")))))).build();

        TracesData redacted = Redactor.defaults().redact(data);

        assertThat(allAttributes(redacted)).allSatisfy(attributes -> {
            assertThat(attributes.get("recipients")).isEqualTo(List.of("ops", "<redacted:email>", List.of("<redacted:email>")));
            assertThat(attributes.get("order")).isEqualTo(Map.of("id", 42L, "contact", "<redacted:email>",
                    "billing", Map.of("card", "<redacted:card_number>")));
        });
    }

    @Test
    void deletesListedKeysInEveryLocationAndCountsThemAsDropped() {
        Redactor redactor = redactor("""
                delete: [http.request.header.authorization, db.query.text]
                """);
        TracesData data = trace().everywhere(kv("http.request.header.authorization", "Bearer abc"),
                kv("db.query.text", "SELECT 1"), kv("http.route", "/cart")).build();

        TracesData redacted = redactor.redact(data);

        assertThat(allAttributes(redacted)).allSatisfy(attributes ->
                assertThat(attributes).containsOnlyKeys("http.route"));
        assertThat(redacted.getResourceSpans(0).getResource().getDroppedAttributesCount()).isEqualTo(2);
        assertThat(redacted.getResourceSpans(0).getScopeSpans(0).getScope().getDroppedAttributesCount()).isEqualTo(2);
        assertThat(onlySpan(redacted).getDroppedAttributesCount()).isEqualTo(2);
        assertThat(onlySpan(redacted).getEvents(0).getDroppedAttributesCount()).isEqualTo(2);
        assertThat(onlySpan(redacted).getLinks(0).getDroppedAttributesCount()).isEqualTo(2);
    }

    @Test
    void deletesAnEntryNestedInAKeyValueListByItsDottedPath() {
        Redactor redactor = redactor("delete: [http.request.header.authorization]");
        TracesData data = trace().span(kv("http.request.header",
                kvlist(kv("authorization", "Bearer abc"), kv("accept", "text/html")))).build();

        assertThat(spanAttributes(redactor.redact(data)))
                .containsEntry("http.request.header", Map.of("accept", "text/html"));
    }

    @Test
    void deletesKeysByPrefixWildcard() {
        Redactor redactor = redactor("delete: [\"http.request.header.*\"]");
        TracesData data = trace().span(kv("http.request.header.cookie", "s=1"),
                kv("http.request.header.x-api-key", "k"), kv("http.request.method", "GET")).build();

        assertThat(spanAttributes(redactor.redact(data))).containsOnlyKeys("http.request.method");
    }

    @Test
    void hashesListedKeysWithTheSaltInEveryLocation() throws Exception {
        Redactor redactor = redactor("""
                hash: [enduser.id, user.email]
                salt: %s
                """.formatted(SALT));
        TracesData data = trace().everywhere(kv("enduser.id", "u-1234"), kv("user.email", "bob@shop.example")).build();

        TracesData redacted = redactor.redact(data);

        String expectedId = sha256(SALT, "u-1234");
        String expectedEmail = sha256(SALT, "bob@shop.example");
        assertThat(allAttributes(redacted)).allSatisfy(attributes -> assertThat(attributes)
                .containsEntry("enduser.id", expectedId)
                .containsEntry("user.email", expectedEmail));
        assertThat(expectedId).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void hashesTheTextOfNonStringValuesAndKeepsTheShapeOfArraysAndLists() throws Exception {
        Redactor redactor = redactor("""
                hash: [enduser.id, enduser.roles, enduser]
                delete: [enduser.token]
                salt: %s
                """.formatted(SALT));
        TracesData data = trace().span(kv("enduser.id", 1234),
                kv("enduser.roles", array(str("admin"), str("buyer"))),
                kv("enduser", kvlist(kv("name", "Bob"), kv("token", "t0k3n")))).build();

        Map<String, Object> attributes = spanAttributes(redactor.redact(data));

        assertThat(attributes).containsEntry("enduser.id", sha256(SALT, "1234"))
                .containsEntry("enduser.roles", List.of(sha256(SALT, "admin"), sha256(SALT, "buyer")))
                .as("delete runs before hash, also inside a hashed value")
                .containsEntry("enduser", Map.of("name", sha256(SALT, "Bob")));
    }

    @Test
    void saltedHashIsStableForTheSameSaltAndValueAndDiffersForAnotherSalt() {
        Map<String, String> labels = Map.of("enduser.id", "u-1234");
        Redactor one = redactor("{ hash: [enduser.id], salt: first-salt }");
        Redactor same = redactor("{ hash: [enduser.id], salt: first-salt }");
        Redactor other = redactor("{ hash: [enduser.id], salt: second-salt }");

        String hash = one.redactLabels(labels).get("enduser.id");

        assertThat(one.redactLabels(labels).get("enduser.id")).isEqualTo(hash);
        assertThat(same.redactLabels(labels).get("enduser.id")).isEqualTo(hash);
        assertThat(other.redactLabels(labels).get("enduser.id")).isNotEqualTo(hash);
        assertThat(hash).isNotEqualTo("u-1234").doesNotContain("u-1234");
    }

    @Test
    void hashesConsistentlyFromManyThreadsAtOnce() throws Exception {
        Redactor redactor = redactor("{ hash: [enduser.id], salt: " + SALT + " }");
        String expected = sha256(SALT, "u-1234");

        List<String> hashes = IntStream.range(0, 20_000).parallel()
                .mapToObj(i -> redactor.redactLabels(Map.of("enduser.id", "u-1234")).get("enduser.id"))
                .distinct().toList();

        assertThat(hashes).containsExactly(expected);
    }

    @Test
    void regexMaskReplacesOnlyTheMatchedPart() {
        Redactor redactor = redactor("""
                mask:
                  - regex: "\\\\b\\\\d{3}-\\\\d{2}-\\\\d{4}\\\\b"
                    replacement: "***-**-****"
                """);
        TracesData data = trace().span(kv("note", "SSN 123-45-6789 on file, ref 12-345")).build();

        assertThat(spanAttributes(redactor.redact(data))).containsEntry("note", "SSN ***-**-**** on file, ref 12-345");
    }

    @Test
    void maskWithKeysAppliesOnlyToThoseKeysAndWhatTheyHold() {
        Redactor redactor = redactor("""
                defaults: false
                mask:
                  - regex: "secret-\\\\w+"
                    keys: [note, memo, "comment.*"]
                """);
        TracesData data = trace().span(kv("note", "has secret-abc"), kv("comment.text", "secret-def"),
                kv("note.extra", "secret-ghi"), kv("other", "secret-jkl"),
                kv("nested", kvlist(kv("note", "secret-mno"))),
                kv("memo", kvlist(kv("inner", "secret-pqr"), kv("list", array(str("secret-stu")))))).build();

        assertThat(spanAttributes(redactor.redact(data)))
                .containsEntry("note", "has <redacted>")
                .containsEntry("comment.text", "<redacted>")
                .containsEntry("note.extra", "secret-ghi")
                .containsEntry("other", "secret-jkl")
                .as("a nested entry is known by its dotted path: nested.note is not note")
                .containsEntry("nested", Map.of("note", "secret-mno"))
                .as("a mask on a key covers everything its value holds")
                .containsEntry("memo", Map.of("inner", "<redacted>", "list", List.of("<redacted>")));
    }

    @Test
    void appliesAllowListThenDeleteThenHashThenMask() throws Exception {
        Redactor redactor = redactor("""
                allow: ["user.*", note]
                delete: [user.password]
                hash: [user.email]
                salt: %s
                """.formatted(SALT));
        TracesData data = trace().span(kv("user.email", "bob@shop.example"), kv("user.password", "hunter2"),
                kv("note", "write to bob@shop.example"), kv("peer.ip", "10.0.0.7")).build();

        Map<String, Object> attributes = spanAttributes(redactor.redact(data));

        assertThat(attributes).containsOnlyKeys("user.email", "note")
                .as("hash sees the plain value, before the e-mail mask")
                .containsEntry("user.email", sha256(SALT, "bob@shop.example"))
                .containsEntry("note", "write to <redacted:email>");
    }

    @Test
    void configuredMasksRunAfterTheShippedOnesAndSeeTheirOutput() {
        Redactor redactor = redactor("""
                mask:
                  - regex: "redacted"
                    replacement: "hidden"
                """);

        assertThat(redactor.redactLabels(Map.of("note", "to bob@shop.example"))).containsEntry("note", "to <hidden:email>");
    }

    @Test
    void allowListDropsEveryUnlistedKeyButAlwaysKeepsServiceName() {
        Redactor redactor = redactor("allow: [\"http.*\", deployment.environment.name]");
        TracesData data = trace()
                .resource(kv("service.name", "checkout"), kv("host.name", "node-7"), kv("deployment.environment.name", "prod"))
                .span(kv("http.route", "/cart"), kv("http.request.method", "GET"), kv("db.query.text", "SELECT 1"),
                        kv("https.flag", "no dot after http: not under http.*"))
                .event(kv("exception.message", "bad card"))
                .link(kv("http.route", "/pay"))
                .build();

        TracesData redacted = redactor.redact(data);

        assertThat(resourceAttributes(redacted)).containsOnlyKeys("service.name", "deployment.environment.name");
        assertThat(spanAttributes(redacted)).containsOnlyKeys("http.route", "http.request.method");
        assertThat(eventAttributes(redacted)).isEmpty();
        assertThat(linkAttributes(redacted)).containsOnlyKeys("http.route");
        assertThat(onlySpan(redacted).getDroppedAttributesCount()).isEqualTo(2);
    }

    @Test
    void serviceNameSurvivesDeleteAndHashWildcards() {
        Redactor redactor = redactor("""
                delete: ["service.*"]
                hash: ["serv*"]
                salt: s
                """);
        TracesData data = trace().resource(kv("service.name", "checkout"), kv("service.version", "1.2")).build();

        assertThat(resourceAttributes(redactor.redact(data))).containsExactly(Map.entry("service.name", "checkout"));
    }

    @Test
    void returnsTheSameInstanceWhenNothingMatches() {
        TracesData data = trace().everywhere(kv("http.route", "/cart/{id}"), kv("order.id", "ORD-20240115-0042"),
                kv("started", 1_732_464_000_006L), kv("tags", array(str("a"), str("b"))),
                kv("ctx", kvlist(kv("k", "v")))).build();
        Redactor redactor = redactor("""
                delete: [db.query.text]
                hash: [enduser.id]
                salt: s
                mask:
                  - regex: "\\\\d{3}-\\\\d{2}-\\\\d{4}"
                """);

        assertThat(Redactor.defaults().redact(data)).isSameAs(data);
        assertThat(redactor.redact(data)).isSameAs(data);
        assertThat(Redactor.none().redact(data)).isSameAs(data);
    }

    @Test
    void rebuildsOnlyTheMessagesThatChanged() {
        TracesData one = trace().resource(kv("service.name", "cart")).span(kv("note", "bob@shop.example")).build();
        TracesData clean = trace().resource(kv("service.name", "web")).span(kv("note", "fine")).event(kv("e", "x")).build();
        TracesData data = one.toBuilder().addResourceSpans(clean.getResourceSpans(0)).build();

        TracesData redacted = Redactor.defaults().redact(data);

        assertThat(redacted).isNotSameAs(data);
        assertThat(redacted.getResourceSpans(1)).isSameAs(data.getResourceSpans(1));
        assertThat(redacted.getResourceSpans(0).getResource()).isSameAs(data.getResourceSpans(0).getResource());
        assertThat(onlySpan(redacted).getEvents(0)).isSameAs(onlySpan(data).getEvents(0));
        assertThat(onlySpan(redacted).getName()).isEqualTo("POST /checkout");
        assertThat(spanAttributes(redacted)).containsEntry("note", "<redacted:email>");
    }

    @Test
    void redactsLabelsByTheSameRules() throws Exception {
        Redactor redactor = redactor("""
                allow: ["enduser.*", "http.*", team]
                delete: [enduser.token]
                hash: [enduser.id]
                salt: %s
                """.formatted(SALT));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("service", "checkout");
        labels.put("operation", "GET /users/bob@shop.example");
        labels.put("enduser.id", "u-1234");
        labels.put("enduser.token", "t0k3n");
        labels.put("http.route", "/users/{id}");
        labels.put("peer.ip", "10.0.0.7");

        Map<String, String> redacted = redactor.redactLabels(labels);

        assertThat(redacted).containsExactly(
                Map.entry("service", "checkout"),
                Map.entry("operation", "GET /users/<redacted:email>"),
                Map.entry("enduser.id", sha256(SALT, "u-1234")),
                Map.entry("http.route", "/users/{id}"));
    }

    @Test
    void returnsTheSameLabelsWhenNothingMatches() {
        Map<String, String> labels = Map.of("service", "checkout", "operation", "POST /charge");

        assertThat(Redactor.defaults().redactLabels(labels)).isSameAs(labels);
        assertThat(Redactor.none().redactLabels(labels)).isSameAs(labels);
    }

    @Test
    void isNoopOnlyWithoutAnyRule() {
        assertThat(Redactor.none().isNoop()).isTrue();
        assertThat(redactor("defaults: false").isNoop()).isTrue();
        assertThat(Redactor.defaults().isNoop()).isFalse();
        assertThat(redactor("{ defaults: false, delete: [x] }").isNoop()).isFalse();
        assertThat(redactor("{ defaults: false, allow: [x] }").isNoop()).isFalse();
    }

    @Test
    void toStringDescribesTheRulesButNeverShowsTheSalt() {
        Redactor redactor = redactor("""
                allow: ["http.*"]
                hash: [enduser.id]
                salt: "s3cr3t-pepper"
                """);

        assertThat(redactor.toString()).contains("enduser.id", "http.*", "email", "card_number").doesNotContain("s3cr3t");
        assertThat(Redactor.none()).hasToString("Redactor{none}");
    }

    @Test
    void leavesNonStringScalarsAlone() {
        TracesData data = trace().span(kv("ratio", AnyValue.newBuilder().setDoubleValue(0.4111111111111111).build()),
                kv("card.like", 4_111_111_111_111_111L)).build();

        assertThat(Redactor.defaults().redact(data)).isSameAs(data);
    }
}
