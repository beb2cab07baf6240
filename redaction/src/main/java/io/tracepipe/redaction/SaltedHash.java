package io.tracepipe.redaction;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A salted SHA-256: {@code "sha256:" + lowercase hex of SHA-256(salt ‖ value)}, salt and value as
 * UTF-8 bytes, so an operator who knows the salt can compute the hash of a known user id with
 * {@code printf '%s%s' "$SALT" "$ID" | sha256sum} and search for it.
 */
final class SaltedHash {
    static final String PREFIX = "sha256:";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    // Holds the digest state after the salt: cloning it is cheaper than hashing the salt again,
    // and it is never updated after construction, so concurrent clones are safe. The salt itself
    // is not kept, so it cannot leak through this object.
    private final MessageDigest salted;

    SaltedHash(String salt) {
        try {
            salted = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        salted.update(salt.getBytes(StandardCharsets.UTF_8));
    }

    String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    String of(ByteString bytes) {
        return of(bytes.toByteArray());
    }

    String of(byte[] bytes) {
        MessageDigest digest = fresh();
        byte[] hash = digest.digest(bytes);
        char[] out = new char[PREFIX.length() + hash.length * 2];
        PREFIX.getChars(0, PREFIX.length(), out, 0);
        int at = PREFIX.length();
        for (byte b : hash) {
            out[at++] = HEX[(b >> 4) & 0xf];
            out[at++] = HEX[b & 0xf];
        }
        return new String(out);
    }

    private MessageDigest fresh() {
        try {
            return (MessageDigest) salted.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 implementation cannot be cloned", e);
        }
    }

    @Override
    public String toString() {
        return "salted SHA-256";
    }
}
