package io.tracepipe.topology.rules;

import io.tracepipe.anomaly.rules.GroupKey;

/**
 * Store and topic keys of the rule statistics. Rule names cannot hold a NUL character, so
 * {@code rule NUL rest} splits unambiguously; window starts are zero-padded so that keys of one
 * rule and window sort together and can be range-scanned.
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

    /** A window of a series, sorted by rule, then window start, then group key. */
    static String window(String rule, long windowStartMs, GroupKey key) {
        return windowPrefix(rule, windowStartMs) + key.encoded();
    }

    /** All group keys of one rule's window start with this. */
    static String windowPrefix(String rule, long windowStartMs) {
        return rule + SEP + String.format("%0" + WINDOW_DIGITS + "d", windowStartMs) + SEP;
    }

    static long windowStartOf(String windowKey) {
        int from = windowKey.indexOf(SEP) + 1;
        return Long.parseLong(windowKey.substring(from, from + WINDOW_DIGITS));
    }

    static GroupKey groupKeyOfWindow(String windowKey) {
        return GroupKey.decode(windowKey.substring(windowKey.indexOf(SEP) + 1 + WINDOW_DIGITS + 1));
    }
}
