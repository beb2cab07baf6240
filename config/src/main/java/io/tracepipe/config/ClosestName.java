package io.tracepipe.config;

import java.util.Collection;
import java.util.Locale;

/** Finds the known name a misspelt one was probably meant to be, for every configuration parser's "did you mean". */
public final class ClosestName {

    // farther than two edits is a different word, not a typo
    private static final int MAX_EDITS = 2;

    private ClosestName() {}

    /** The known name within two edits of {@code name} (the closest, the first on ties), or null. */
    public static String among(String name, Collection<String> known) {
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String candidate : known) {
            int d = editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** "; did you mean 'X'?" or "; known: a, b, c", to end a message about an unknown name. */
    public static String hint(String name, Collection<String> known, String knownLabel) {
        String closest = among(name, known);
        return closest != null ? "; did you mean '" + closest + "'?" : "; " + knownLabel + ": " + String.join(", ", known);
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
