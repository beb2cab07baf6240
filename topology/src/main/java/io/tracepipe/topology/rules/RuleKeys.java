package io.tracepipe.topology.rules;

import io.tracepipe.anomaly.rules.GroupKey;

/**
 * The one codec of the rule statistics' store and topic keys. Rule names cannot hold a NUL
 * character, so {@code rule NUL rest} splits unambiguously; window starts are zero-padded so that
 * keys of one rule and window sort together and can be range-scanned.
 */
final class RuleKeys {
    static final char SEP = '\u0000';
    private static final int WINDOW_DIGITS = 20;

    private RuleKeys() {}

    /** Rule and group key: the repartition key, and the key of baselines and alert states. */
    static String series(String rule, GroupKey key) {
        return rule + SEP + key.encoded();
    }

    static String ruleOf(String series) {
        return series.substring(0, series.indexOf(SEP));
    }

    static GroupKey groupKeyOf(String series) {
        return GroupKey.decode(series.substring(series.indexOf(SEP) + 1));
    }

    /** All series of one rule start with this. */
    static String rulePrefix(String rule) {
        return rule + SEP;
    }

    /** All group keys of one rule's window start with this. */
    static String windowPrefix(String rule, long windowStartMs) {
        return rule + SEP + String.format("%0" + WINDOW_DIGITS + "d", windowStartMs) + SEP;
    }

    /**
     * One window of a series: the key of a task's partial statistics and of the merged window
     * statistics, sorted by rule, then window start, then group key.
     */
    record Window(String rule, long startMs, GroupKey groupKey) {
        String encoded() {
            return windowPrefix(rule, startMs) + groupKey.encoded();
        }

        /** The series this window belongs to. */
        String series() {
            return RuleKeys.series(rule, groupKey);
        }

        static Window decode(String encoded) {
            int rule = encoded.indexOf(SEP);
            int start = rule + 1;
            return new Window(encoded.substring(0, rule), Long.parseLong(encoded.substring(start, start + WINDOW_DIGITS)),
                    GroupKey.decode(encoded.substring(start + WINDOW_DIGITS + 1)));
        }
    }
}
