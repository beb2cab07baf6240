package io.tracepipe.anomaly.rules;

import static io.tracepipe.anomaly.stats.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupKeyTest {

    @Test
    void the_rule_builds_keys_in_group_by_order() {
        Rule rule = TestRules.rule("group_by: [operation, http.response.status_code, service, region]",
                "error_rate: { above: 0.1 }");

        GroupKey key = rule.groupKeyOf(span().service("cart").operation("GET /cart")
                .attr("http.response.status_code", 503L).build());

        assertThat(key.labels()).containsExactly(Map.entry("operation", "GET /cart"),
                Map.entry("http.response.status_code", "503"), Map.entry("service", "cart"), Map.entry("region", ""));
        assertThat(key.encoded()).isEqualTo("operation=GET /cart,http.response.status_code=503,service=cart,region=");
    }

    @Test
    void without_group_by_all_spans_share_one_key() {
        Rule rule = TestRules.rule("group_by: []", "error_rate: { above: 0.1 }");

        GroupKey key = rule.groupKeyOf(span().service("a").build());

        assertThat(key).isEqualTo(rule.groupKeyOf(span().service("b").build()));
        assertThat(key.labels()).isEmpty();
        assertThat(key.encoded()).isEmpty();
        assertThat(GroupKey.decode("")).isEqualTo(key);
    }

    @Test
    void encoded_keys_round_trip_whatever_the_text() {
        GroupKey tricky = GroupKey.of("service", "a,b=c\\d", "op=name", "", "empty", "", "unicode", "café ✓");

        String encoded = tricky.encoded();

        assertThat(encoded).isEqualTo("service=a\\,b\\=c\\\\d,op\\=name=,empty=,unicode=café ✓");
        GroupKey decoded = GroupKey.decode(encoded);
        assertThat(decoded).isEqualTo(tricky);
        assertThat(decoded.labels()).containsExactlyEntriesOf(tricky.labels());
    }

    @Test
    void keys_with_the_same_labels_in_another_order_differ() {
        // the order is the rule's group_by order; two rules ordering them differently are different rules
        assertThat(GroupKey.of("a", "1", "b", "2")).isNotEqualTo(GroupKey.of("b", "2", "a", "1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"novalue", "a=1,", "a=1=2", "a=1\\", "=1,b"})
    void decode_rejects_malformed_keys(String encoded) {
        assertThatThrownBy(() -> GroupKey.decode(encoded)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_overflow_key_keeps_the_label_names() {
        GroupKey overflow = GroupKey.of("service", "cart", "operation", "GET /").toOverflow();

        assertThat(overflow.labels()).containsExactly(Map.entry("service", GroupKey.OVERFLOW),
                Map.entry("operation", GroupKey.OVERFLOW));
        assertThat(overflow.isOverflow()).isTrue();
        assertThat(overflow).isEqualTo(GroupKey.overflow(List.of("service", "operation")));
        assertThat(GroupKey.of("service", "cart").isOverflow()).isFalse();
    }
}
