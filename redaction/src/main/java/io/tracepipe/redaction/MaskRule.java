package io.tracepipe.redaction;

/** A mask and the attribute keys it is limited to ({@code null}: every string value). */
final class MaskRule {
    private final TextMask mask;
    private final KeySet keys;
    private final Builtin builtin;

    MaskRule(TextMask mask, KeySet keys, Builtin builtin) {
        this.mask = mask;
        this.keys = keys;
        this.builtin = builtin;
    }

    TextMask mask() {
        return mask;
    }

    boolean everywhere() {
        return keys == null;
    }

    /** Whether the mask is limited to keys and {@code path} is one of them. */
    boolean namedIn(String path) {
        return keys != null && keys.matches(path);
    }

    /** The builtin this mask is, or null for a regex. */
    Builtin builtin() {
        return builtin;
    }

    @Override
    public String toString() {
        return mask.describe() + (keys == null ? "" : " on " + keys);
    }
}
