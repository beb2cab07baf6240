package io.tracepipe.redaction;

/** Replaces the sensitive parts of a text, leaving the rest as it was. */
interface TextMask {

    /** The text with every match replaced, or the very same instance when nothing matched. */
    String apply(String text);

    /** How the mask is shown in {@link Redactor#toString()}. */
    String describe();
}
