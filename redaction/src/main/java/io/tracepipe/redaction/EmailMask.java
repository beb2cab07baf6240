package io.tracepipe.redaction;

/**
 * E-mail addresses in free text: a local part of letters, digits and {@code . _ % + -}, an
 * {@code @}, and a domain of at least two dot-separated labels whose last one is two or more
 * letters ({@code bob.smith+shop@mail.example.co.uk}). Scans around each {@code @} instead of
 * running a regex, so the cost stays linear even on long texts without addresses.
 */
final class EmailMask implements TextMask {
    static final String REPLACEMENT = "<redacted:email>";

    private final String replacement;

    EmailMask(String replacement) {
        this.replacement = replacement;
    }

    @Override
    public String apply(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        while (at >= 0) {
            int start = localPartStart(text, at, copied);
            int end = start < at ? domainEnd(text, at + 1) : -1;
            if (end < 0) {
                at = text.indexOf('@', at + 1);
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(text, copied, start).append(replacement);
            copied = end;
            at = text.indexOf('@', end);
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    /** Where the local part before {@code at} begins ({@code at} itself when there is none). */
    private static int localPartStart(String text, int at, int notBefore) {
        int start = at;
        while (start > notBefore && isLocalChar(text.charAt(start - 1))) {
            start--;
        }
        // "see:.bob@x.io": a local part does not start with a dot
        while (start < at && text.charAt(start) == '.') {
            start++;
        }
        return start;
    }

    /** The end of the longest valid domain starting at {@code from}, or -1 when there is none. */
    private static int domainEnd(String text, int from) {
        int n = text.length();
        int end = -1;
        int labels = 0;
        int i = from;
        while (i < n) {
            int labelStart = i;
            boolean lettersOnly = true;
            while (i < n && isDomainChar(text.charAt(i))) {
                lettersOnly &= Character.isLetter(text.charAt(i));
                i++;
            }
            if (i == labelStart) {
                break;
            }
            labels++;
            if (labels >= 2 && lettersOnly && i - labelStart >= 2) {
                end = i;
            }
            // a dot continues the domain only when a label follows: "mail me at bob@x.io." ends at "io"
            if (i + 1 < n && text.charAt(i) == '.' && isDomainChar(text.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return end;
    }

    private static boolean isLocalChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomainChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-';
    }

    @Override
    public String describe() {
        return "email → '" + replacement + "'";
    }
}
