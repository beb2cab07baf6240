package io.tracepipe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

class YamlDocumentsTest {

    /** The caller's exception type, as a parser would have. */
    static final class Problems extends RuntimeException {
        private final List<String> problems;

        Problems(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = problems;
        }

        List<String> problems() {
            return problems;
        }
    }

    @Test
    void an_empty_or_comment_only_document_has_no_root() {
        assertThat(YamlDocuments.compose("", Problems::new)).isNull();
        assertThat(YamlDocuments.compose("# nothing here\n", Problems::new)).isNull();
    }

    @Test
    void a_syntax_error_is_one_problem_naming_its_line_in_the_callers_exception() {
        Problems e = catchThrowableOfType(Problems.class, () -> YamlDocuments.compose("""
                kafka: {}
                rules: name: a
                """, Problems::new));

        assertThat(e.problems()).containsExactly("line 2: yaml: mapping values are not allowed here");
    }

    @Test
    void value_of_finds_the_first_plain_key_and_null_when_absent() {
        MappingNode root = (MappingNode) YamlDocuments.compose("""
                ? [not, plain]
                : ignored
                rules: [a]
                sampling: { policies: [] }
                rules: second
                """, Problems::new);

        assertThat(YamlDocuments.valueOf(root, "rules")).isInstanceOf(SequenceNode.class);
        assertThat(YamlDocuments.valueOf(root, "sampling")).isInstanceOf(MappingNode.class);
        assertThat(YamlDocuments.valueOf(root, "redaction")).isNull();
        assertThat(YamlDocuments.valueOf((MappingNode) YamlDocuments.valueOf(root, "sampling"), "policies"))
                .isInstanceOf(SequenceNode.class);
        assertThat(YamlDocuments.valueOf(root, "not")).isNull();
    }
}
