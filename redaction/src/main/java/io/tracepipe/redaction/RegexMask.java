package io.tracepipe.redaction;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A configured regular expression; each match is replaced by a literal text (no group references). */
final class RegexMask implements TextMask {
    static final String DEFAULT_REPLACEMENT = "<redacted>";

    private final Pattern pattern;
    private final String replacement;

    RegexMask(Pattern pattern, String replacement) {
        this.pattern = pattern;
        this.replacement = replacement;
    }

    @Override
    public String apply(String text) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (matcher.find()) {
            // An empty match (e.g. of "a*") would insert the replacement between every character.
            if (matcher.start() == matcher.end()) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, matcher.start()).append(replacement);
            copied = matcher.end();
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    @Override
    public String describe() {
        return "regex '" + pattern.pattern() + "' → '" + replacement + "'";
    }
}
