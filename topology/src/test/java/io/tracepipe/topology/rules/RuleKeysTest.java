package io.tracepipe.topology.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.rules.GroupKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RuleKeysTest {
    private static final GroupKey CHECKOUT = GroupKey.of("service", "checkout", "operation", "POST /cart,items=2");

    @Test
    void aWindowKeyReadsBackItsRuleStartAndGroupKey() {
        RuleKeys.Window window = new RuleKeys.Window("checkout-latency", 1_700_000_040_000L, CHECKOUT);

        assertThat(RuleKeys.Window.decode(window.encoded())).isEqualTo(window);
    }

    @Test
    void aWindowBelongsToTheSeriesOfItsRuleAndGroupKey() {
        RuleKeys.Window window = new RuleKeys.Window("checkout-latency", 60_000, CHECKOUT);

        assertThat(window.series()).isEqualTo(RuleKeys.series("checkout-latency", CHECKOUT));
        assertThat(RuleKeys.ruleOf(window.series())).isEqualTo("checkout-latency");
        assertThat(RuleKeys.groupKeyOf(window.series())).isEqualTo(CHECKOUT);
    }

    @Test
    void windowKeysOfOneRuleSortByStartThenGroupKeyAndShareTheirWindowsPrefix() {
        GroupKey cart = GroupKey.of("service", "cart");
        List<String> sorted = Stream.of(
                        new RuleKeys.Window("r", 120_000, cart), new RuleKeys.Window("r", 60_000, CHECKOUT),
                        new RuleKeys.Window("r", 9_000, cart), new RuleKeys.Window("r", 60_000, cart))
                .map(RuleKeys.Window::encoded).sorted().toList();

        assertThat(sorted).extracting(key -> RuleKeys.Window.decode(key).startMs()).containsExactly(9_000L, 60_000L, 60_000L, 120_000L);
        assertThat(sorted.get(1)).startsWith(RuleKeys.windowPrefix("r", 60_000));
        assertThat(RuleKeys.windowPrefix("r", 60_000)).startsWith(RuleKeys.rulePrefix("r"));
    }
}
