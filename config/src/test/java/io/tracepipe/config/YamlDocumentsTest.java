package io.tracepipe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

class YamlDocumentsTest {

    @Test
    void an_empty_or_comment_only_document_has_no_root() {
        assertThat(YamlDocuments.compose("", "test")).isNull();
        assertThat(YamlDocuments.compose("# nothing here\n", "test")).isNull();
    }

    @Test
    void a_syntax_error_is_one_problem_naming_its_line_and_column() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> YamlDocuments.compose("""
                kafka: {}
                rules: name: a
                """, "test"));

        assertThat(e.problems()).containsExactly("line 2: yaml: mapping values are not allowed here");
        assertThat(e.located()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(12);
        });
    }

    @Test
    void value_of_finds_the_first_plain_key_and_null_when_absent() {
        MappingNode root = (MappingNode) YamlDocuments.compose("""
                ? [not, plain]
                : ignored
                rules: [a]
                sampling: { policies: [] }
                rules: second
                """, "test");

        assertThat(YamlDocuments.valueOf(root, "rules")).isInstanceOf(SequenceNode.class);
        assertThat(YamlDocuments.valueOf(root, "sampling")).isInstanceOf(MappingNode.class);
        assertThat(YamlDocuments.valueOf(root, "redaction")).isNull();
        assertThat(YamlDocuments.valueOf((MappingNode) YamlDocuments.valueOf(root, "sampling"), "policies"))
                .isInstanceOf(SequenceNode.class);
        assertThat(YamlDocuments.valueOf(root, "not")).isNull();
    }
}
