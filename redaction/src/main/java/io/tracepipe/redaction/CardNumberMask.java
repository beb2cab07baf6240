package io.tracepipe.redaction;

/**
 * Payment card numbers in free text: 13 to 19 digits, optionally grouped by single spaces or
 * dashes, standing alone (not part of a longer number, a decimal or a word), with a card
 * network's prefix and a valid Luhn check digit. The prefix and Luhn checks are what keep order
 * ids, trace ids and epoch timestamps (which start with 1 until 2033) from being masked.
 */
final class CardNumberMask implements TextMask {
    static final String REPLACEMENT = "<redacted:card_number>";
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;

    private final String replacement;

    CardNumberMask(String replacement) {
        this.replacement = replacement;
    }

    @Override
    public String apply(String text) {
        if (!hasDigits(text, MIN_DIGITS)) {
            return text;
        }
        int n = text.length();
        int[] digits = new int[MAX_DIGITS];
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            // The maximal run of digits joined by single separators: a card inside a longer
            // number (a UUID, a phone list) is not a card.
            int start = i;
            int count = 0;
            while (i < n) {
                char c = text.charAt(i);
                if (isDigit(c)) {
                    if (count < MAX_DIGITS) {
                        digits[count] = c - '0';
                    }
                    count++;
                    i++;
                } else if ((c == ' ' || c == '-') && i + 1 < n && isDigit(text.charAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            if (count >= MIN_DIGITS && count <= MAX_DIGITS && standsAlone(text, start, i)
                    && hasNetworkPrefix(digits, count) && luhnValid(digits, count)) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(text, copied, start).append(replacement);
                copied = i;
            }
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    private static boolean hasDigits(String text, int atLeast) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (isDigit(text.charAt(i)) && ++count >= atLeast) {
                return true;
            }
        }
        return false;
    }

    private static boolean standsAlone(String text, int start, int end) {
        if (start > 0) {
            char before = text.charAt(start - 1);
            if (isWordChar(before) || isDecimalMark(before) && start >= 2 && isDigit(text.charAt(start - 2))) {
                return false;
            }
        }
        if (end < text.length()) {
            char after = text.charAt(end);
            return !(isWordChar(after) || isDecimalMark(after) && end + 1 < text.length() && isDigit(text.charAt(end + 1)));
        }
        return true;
    }

    /**
     * Visa starts with 4 (the only network with 13 digits), Amex, Diners and JCB with 3,
     * Mastercard and Maestro with 5 (or Mastercard 2221–2720), Discover, UnionPay and Maestro with 6.
     */
    private static boolean hasNetworkPrefix(int[] digits, int count) {
        return switch (digits[0]) {
            case 4 -> true;
            case 3, 5, 6 -> count >= 14;
            case 2 -> {
                int first4 = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
                yield count >= 16 && first4 >= 2221 && first4 <= 2720;
            }
            default -> false;
        };
    }

    private static boolean luhnValid(int[] digits, int count) {
        int sum = 0;
        for (int i = count - 1, position = 0; i >= 0; i--, position++) {
            int d = digits[i];
            if (position % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isDecimalMark(char c) {
        return c == '.' || c == ',';
    }

    @Override
    public String describe() {
        return "card_number → '" + replacement + "'";
    }
}
