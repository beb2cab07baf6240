package io.tracepipe.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.config.YamlDocuments;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The policies are read once; each task makes its own instances from what was read, with budgets of its own. */
class SamplingPoliciesTest {

    private static final long T = 1_790_000_000_000L;

    private static SequenceNode policiesNode(String yaml) {
        return (SequenceNode) YamlDocuments.valueOf((MappingNode) YamlDocuments.compose(yaml, "test"), "policies");
    }

    @Test
    void aSecondTasksSamplerIsMadeWithoutReadingTheYamlAgain() {
        SequenceNode node = policiesNode("""
                policies:
                  - { name: budget, type: rate_limiting, spans_per_second: 10 }
                  - { name: share, type: composite, max_total_spans_per_second: 10,
                      composite_sub_policy: [{ name: all, type: always_sample }] }
                """);
        SamplingPolicies policies = SamplingPoliciesParser.read(node);
        node.getValue().clear(); // read again, the node would now hold no policy at all

        Sampler firstTask = policies.newSampler();
        Sampler secondTask = policies.newSampler();

        assertThat(secondTask.policyNames()).containsExactly("budget", "share");
        assertThat(secondTask.decisionNames()).contains("share/all");
        assertThat(firstTask.decide(TestTraces.withSpans(10), T)).isEqualTo(SamplingDecision.kept("budget"));
    }

    @Test
    void eachTasksPoliciesHaveBudgetsOfTheirOwn() {
        SamplingPolicies policies = SamplingPoliciesParser.readDocument("""
                policies:
                  - { name: budget, type: rate_limiting, spans_per_second: 10 }
                """);
        Sampler firstTask = policies.newSampler();
        Sampler secondTask = policies.newSampler();

        assertThat(firstTask.decide(TestTraces.withSpans(10), T).keep()).isTrue();
        assertThat(firstTask.decide(TestTraces.withSpans(1), T + 1).keep()).as("the first task's budget is spent").isFalse();
        assertThat(secondTask.decide(TestTraces.withSpans(10), T + 2).keep()).as("the second task's is not").isTrue();
    }

    @Test
    void noPoliciesIsEmpty() {
        assertThat(SamplingPoliciesParser.read(null).isEmpty()).isTrue();
        assertThat(SamplingPoliciesParser.readDocument("policies: []").newSampler().policyNames()).isEmpty();
    }
}
