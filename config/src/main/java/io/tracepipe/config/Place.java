package io.tracepipe.config;

/**
 * Where in the configuration a problem is, as messages name it: an optional subject (the entry of a
 * list, e.g. {@code rule 'checkout'} or {@code sampling.policies[2] 'slow'}) and a dotted path of
 * fields inside it ({@code match.attributes[1].key}, {@code assembly.inactivity-gap}).
 *
 * @param subject null when the path alone says where
 * @param path "" at the subject itself (or at the top of the file)
 */
public record Place(String subject, String path) {

    public Place {
        path = path == null ? "" : path;
    }

    /** The top of a list entry, e.g. {@code rule 'checkout'}. */
    public static Place subject(String subject) {
        return new Place(subject, "");
    }

    /** A path with no subject, e.g. {@code redaction}; "" is the top of the file. */
    public static Place path(String path) {
        return new Place(null, path);
    }

    /** The field {@code name} of what is here. */
    public Place field(String name) {
        return new Place(subject, path.isEmpty() ? name : path + "." + name);
    }

    /** The list item at {@code position} (counted from 1) of what is here. */
    public Place item(int position) {
        return new Place(subject, path + "[" + position + "]");
    }

    /** The subject without the path. */
    public Place top() {
        return subject(subject);
    }

    /** {@code SUBJECT: PATH}, {@code SUBJECT} or {@code PATH}; null at the top of the file. */
    public String location() {
        if (subject == null) {
            return path.isEmpty() ? null : path;
        }
        return path.isEmpty() ? subject : subject + ": " + path;
    }
}
