package io.tracepipe.anomaly.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupKeyBudgetTest {

    private static GroupKey service(String name) {
        return GroupKey.of("service", name, "operation", "op");
    }

    @Test
    void keys_beyond_the_budget_share_the_overflow_bucket() {
        GroupKeyBudget budget = new GroupKeyBudget(2);

        assertThat(budget.admit(0, service("a"))).isEqualTo(service("a"));
        assertThat(budget.admit(0, service("b"))).isEqualTo(service("b"));
        assertThat(budget.admit(0, service("c"))).isEqualTo(service("c").toOverflow());
        assertThat(budget.admit(0, service("d"))).isEqualTo(service("c").toOverflow());
        assertThat(budget.admit(0, service("a"))).isEqualTo(service("a"));
        assertThat(budget.admittedIn(0)).isEqualTo(2);
    }

    @Test
    void each_window_has_its_own_budget_and_old_windows_can_be_forgotten() {
        GroupKeyBudget budget = new GroupKeyBudget(1);
        budget.admit(0, service("a"));
        budget.admit(60_000, service("b"));
        budget.admit(120_000, service("c"));
        assertThat(budget.windowCount()).isEqualTo(3);

        budget.forgetBefore(120_000);

        assertThat(budget.windowCount()).isEqualTo(1);
        assertThat(budget.admittedIn(0)).isZero();
        assertThat(budget.admittedIn(120_000)).isEqualTo(1);
        assertThat(budget.admit(120_000, service("a")).isOverflow()).isTrue();
    }
}
