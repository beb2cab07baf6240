package io.tracepipe.config;

import java.util.Collection;
import java.util.Locale;

/** Finds the known name a misspelt one was probably meant to be, for every configuration parser's "did you mean". */
public final class ClosestName {

    // farther than two edits is a different word, not a typo; for names of four letters or fewer, farther than one (avro, auto)
    private static final int MAX_EDITS = 2;
    private static final int SHORT = 4;

    private ClosestName() {}

    /**
     * The known name within two edits of {@code name} (one for names of up to four letters), or null:
     * also when several are equally close ({@code p98} is as near to p90 as to p95 and p99, so any
     * guess would mislead).
     */
    public static String among(String name, Collection<String> known) {
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        boolean tie = false;
        for (String candidate : known) {
            int d = editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d > (candidate.length() <= SHORT ? 1 : MAX_EDITS)) {
                continue;
            }
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance) {
                tie = true;
            }
        }
        return tie ? null : best;
    }

    /** "; did you mean 'X'?" when a known name is close, else "". */
    public static String suggestion(String name, Collection<String> known) {
        String closest = among(name, known);
        return closest != null ? "; did you mean '" + closest + "'?" : "";
    }

    /** "; did you mean 'X'?" or "; known: a, b, c", to end a message about an unknown name. */
    public static String hint(String name, Collection<String> known, String knownLabel) {
        String closest = among(name, known);
        return closest != null ? "; did you mean '" + closest + "'?" : "; " + knownLabel + ": " + String.join(", ", known);
    }

    /** Edits (insert, delete, replace, swap two neighbours) from a to b: "emial" is one edit from "email". */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
