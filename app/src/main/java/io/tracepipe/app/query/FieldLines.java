package io.tracepipe.app.query;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How instances answer each other on the internal endpoints: one line per item, its fields
 * separated by spaces; a text field is URL-encoded behind a {@code v}, so that an empty text (a
 * direct edge's connection type) is still a field and no text can hold a space or a newline.
 */
public final class FieldLines {
    private FieldLines() {}

    /** A text as a field. */
    public static String field(String text) {
        return "v" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The text of a field written by {@link #field}. */
    public static String text(String field) {
        return URLDecoder.decode(field.substring(1), StandardCharsets.UTF_8);
    }

    /** The fields of one line, empty ones included. */
    public static String[] fields(String line) {
        return line.split(" ", -1);
    }
}
