package io.tracepipe.config;

/**
 * One problem of a configuration: the line and column it was found at (both 0 when it has no
 * place in the file, e.g. a value from the environment) and its text as shown, e.g.
 * {@code line 7: rule 'checkout-errors': window: '1x' is not a duration; ...}.
 */
public record ConfigProblem(int line, int column, String text) {

    @Override
    public String toString() {
        return text;
    }
}
