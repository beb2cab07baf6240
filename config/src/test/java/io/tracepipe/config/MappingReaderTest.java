package io.tracepipe.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

class MappingReaderTest {

    private final ConfigProblems problems = new ConfigProblems();

    private MappingReader read(String yaml) {
        return new MappingReader((MappingNode) YamlDocuments.compose(yaml, "test"), Place.subject("rule 'a'"), problems);
    }

    private List<String> problems() {
        return problems.inLineOrder().stream().map(ConfigProblem::text).toList();
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithBothLinesAndTheFirstValueIsKept() {
        MappingReader fields = read("""
                window: 10s
                severity: info
                window: 99h
                """);

        assertThat(problems()).containsExactly("line 3: rule 'a': duplicate key window (first at line 1)");
        assertThat(fields.positiveDuration("window")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aDuplicateKeyInANestedMappingNamesItsPath() {
        MappingReader match = read("""
                match:
                  service: a
                  service: b
                """).mapping("match", "expected a mapping");

        assertThat(match.text("service")).isEqualTo("a");
        assertThat(problems()).containsExactly("line 3: rule 'a': duplicate key match.service (first at line 2)");
    }

    @Test
    void mergeKeysAddTheMergedFieldsThatAreNotGivenHere() {
        MappingReader fields = read("""
                defaults: &defaults
                  window: 5m
                  min_count: 50
                more: &more
                  min_count: 7
                  for: 3
                rule:
                  <<: [*defaults, *more]
                  min_count: 5
                """).mapping("rule", "expected a mapping");

        assertThat(fields.names()).containsExactlyInAnyOrder("window", "min_count", "for");
        assertThat(fields.positiveDuration("window")).isEqualTo(Duration.ofMinutes(5));
        assertThat(fields.wholeNumber("min_count", 1, 100)).as("given here wins").isEqualTo(5);
        assertThat(fields.wholeNumber("for", 1, 100)).isEqualTo(3);
        assertThat(problems()).isEmpty();
    }

    @Test
    void aMappingThatMergesItselfThroughAnAliasIsReadOnce() {
        MappingReader fields = read("""
                rule: &self
                  window: 1m
                  <<: [*self, { window: 2m, for: 2 }]
                """).mapping("rule", "expected a mapping");

        assertThat(fields.names()).containsExactly("window", "for");
        assertThat(fields.text("window")).isEqualTo("1m");
        assertThat(problems()).isEmpty();
    }

    @Test
    void aSecondMergeKeyIsADuplicateKey() {
        read("<<: { window: 1m }\nfor: 2\n<<: { window: 2m }\n");

        assertThat(problems()).containsExactly("line 3: rule 'a': duplicate key << (first at line 1)");
    }

    @Test
    void aMergeKeyWithoutAMappingIsAProblem() {
        read("<<: 5\nwindow: 1m\n");

        assertThat(problems()).containsExactly("line 1: rule 'a': <<: a merge key needs a mapping or a list of mappings");
    }

    @Test
    void anUnknownFieldGetsASuggestionOrTheKnownFields() {
        MappingReader fields = read("windw: 1m\ncolour: red\n");
        fields.rejectUnknown(List.of("window", "severity"));

        assertThat(problems()).containsExactly(
                "line 1: rule 'a': windw: unknown field; did you mean 'window'?",
                "line 2: rule 'a': colour: unknown field; known fields: window, severity");
    }

    @Test
    void aWrongChoiceGetsASuggestionWhenOneIsClose() {
        MappingReader fields = read("severity: critcal\nstatus: failed\nkind: SERVER\n");
        Map<String, String> severities = Map.of("critical", "c");

        assertThat(fields.choice("severity", severities)).isNull();
        assertThat(fields.choice("status", new TreeMap<>(Map.of("ok", "o", "error", "e")))).isNull();
        assertThat(fields.choice("kind", Map.of("server", "s"))).as("in any case").isEqualTo("s");
        assertThat(problems()).containsExactly(
                "line 1: rule 'a': severity: 'critcal' is not one of critical; did you mean 'critical'?",
                "line 2: rule 'a': status: 'failed' is not one of error, ok");
    }

    @Test
    void problemsComeInLineThenColumnOrderWhateverTheOrderTheyWereFoundIn() {
        MappingReader fields = read("""
                a: x
                b: { c: 1, d: 2 }
                e: y
                """);
        MappingReader b = fields.mapping("b", "expected a mapping");
        fields.report(fields.value("e"), "e", "third");
        b.report(b.value("d"), "d", "second");
        b.report(b.value("c"), "c", "first on line 2");
        fields.report(fields.value("a"), "a", "first");

        assertThat(problems()).containsExactly(
                "line 1: rule 'a': a: first",
                "line 2: rule 'a': b.c: first on line 2",
                "line 2: rule 'a': b.d: second",
                "line 3: rule 'a': e: third");
        assertThat(problems.inLineOrder()).extracting(ConfigProblem::column).containsExactly(4, 9, 15, 4);
    }

    @Test
    void typedReadersReportWhatIsWrongAtTheValuesLine() {
        MappingReader fields = read("""
                count: 10_000
                ratio: 0.5
                flag: maybe
                gap: 0s
                list: []
                text:
                one: [a, b]
                """);

        assertThat(fields.wholeNumber("count", 0, Long.MAX_VALUE)).isEqualTo(10_000L);
        assertThat(fields.decimal("ratio", BigDecimal.ZERO, BigDecimal.ONE)).isEqualByComparingTo("0.5");
        assertThat(fields.bool("flag")).isNull();
        assertThat(fields.positiveDuration("gap")).isNull();
        assertThat(fields.list("list")).isNull();
        assertThat(fields.text("text")).isNull();
        assertThat(fields.text("one")).isNull();
        assertThat(fields.text("absent")).as("absent is not a problem").isNull();
        assertThat(problems()).containsExactly(
                "line 3: rule 'a': flag: 'maybe' is not true or false",
                "line 4: rule 'a': gap: must be longer than zero",
                "line 5: rule 'a': list: must not be empty",
                "line 6: rule 'a': text: needs a value",
                "line 7: rule 'a': one: expected a single value, not a list");
    }

    @Test
    void aProblemReadTwiceThroughAnAliasIsShownOnce() {
        SequenceNode list = (SequenceNode) YamlDocuments.compose("""
                - &shared { windw: 1m }
                - *shared
                """, "test");
        for (Node item : list.getValue()) {
            new MappingReader((MappingNode) item, Place.subject("rule 'a'"), problems).rejectUnknown(List.of("window"));
        }

        assertThat(problems.size()).as("reported twice").isEqualTo(2);
        assertThat(problems()).containsExactly("line 1: rule 'a': windw: unknown field; did you mean 'window'?");
    }
}
