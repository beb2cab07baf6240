package io.tracepipe.anomaly.rules;

import java.util.List;

/** Rules for tests, written in the configuration's own YAML so that tests also go through the parser. */
public final class TestRules {

    private TestRules() {}

    /**
     * A rule named {@code test}, severity warning, with these extra fields, one per line, e.g.
     * {@code "min_count: 10", "error_rate: { above: 0.05 }"}.
     */
    public static Rule rule(String... fields) {
        StringBuilder yaml = new StringBuilder("rules:\n  - name: test\n    severity: warning\n");
        for (String field : fields) {
            yaml.append("    ").append(field).append('\n');
        }
        List<Rule> rules = RulesParser.parseDocument(yaml.toString());
        return rules.get(0);
    }
}
