package io.tracepipe.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The one syntax of every configuration value that is not plain text, in every section and in
 * environment overrides alike. Each reader returns the value or throws an
 * {@link IllegalArgumentException} whose message is the problem, fit to follow the field's name.
 *
 * <p>Numbers: an optional sign and digits, which may be grouped with single underscores between
 * digits ({@code 10_000}, as YAML 1.1 writes integers); decimals may add a fraction and an exponent
 * ({@code 0.25}, {@code 1.5e3}). Not numbers: {@code 0x1F}, {@code NaN}, {@code .inf}, {@code 1,000}.
 */
public final class Scalars {

    private static final String DIGITS = "\\d+(?:_\\d+)*";
    private static final Pattern WHOLE = Pattern.compile("[-+]?" + DIGITS);
    private static final Pattern DECIMAL = Pattern.compile(
            "[-+]?(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\." + DIGITS + ")(?:[eE][-+]?\\d+)?");

    private Scalars() {}

    /** A whole number in [min, max]. */
    public static long wholeNumber(String text, long min, long max) {
        String t = text.trim();
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        BigInteger value = new BigInteger(t.replace("_", ""));
        if (value.compareTo(BigInteger.valueOf(min)) < 0) {
            throw new IllegalArgumentException(value + " is below the minimum of " + min);
        }
        if (value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(value + " is above the maximum of " + max);
        }
        return value.longValueExact();
    }

    /** A number, whole or decimal. */
    public static BigDecimal decimal(String text) {
        String t = text.trim();
        if (!DECIMAL.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
        return new BigDecimal(t.replace("_", ""));
    }

    /** A number in [min, max]. */
    public static BigDecimal decimal(String text, BigDecimal min, BigDecimal max) {
        BigDecimal value = decimal(text);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(text.trim() + " is not in [" + min.toPlainString() + ", "
                    + max.toPlainString() + "]");
        }
        return value;
    }

    /** {@code true} or {@code false}, in any case. */
    public static boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        };
    }

    /** A duration of zero or more, in the syntax of {@link Durations#parse}. */
    public static Duration duration(String text) {
        Duration d = Durations.parse(text);
        if (d.isNegative()) {
            throw new IllegalArgumentException("must not be negative");
        }
        return d;
    }

    /** A duration longer than zero. */
    public static Duration positiveDuration(String text) {
        Duration d = duration(text);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return d;
    }

    /**
     * One of the names of {@code choices}, in any case; a wrong one is answered with the names and,
     * when one is close, a suggestion.
     */
    public static <E> E choice(String text, Map<String, E> choices) {
        String t = text.trim();
        for (Map.Entry<String, E> choice : choices.entrySet()) {
            if (choice.getKey().equalsIgnoreCase(t)) {
                return choice.getValue();
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of " + String.join(", ", choices.keySet())
                + ClosestName.suggestion(t, choices.keySet()));
    }

    /** The choices of a key, by the names written for them, in the order given: the map {@link #choice} takes. */
    @SafeVarargs
    public static <E> Map<String, E> choices(Function<E, String> name, E... values) {
        Map<String, E> choices = new LinkedHashMap<>();
        for (E value : values) {
            choices.put(name.apply(value), value);
        }
        return choices;
    }

    /** A Java regular expression. */
    public static Pattern regex(String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }
}
