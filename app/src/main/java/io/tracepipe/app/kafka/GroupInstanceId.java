package io.tracepipe.app.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The {@code group.instance.id} an instance joins its consumer group with (static membership), from
 * {@code kafka.group-instance-id}: a given id as it is, {@value #NONE} for none (dynamic
 * membership), or {@value #AUTO}: an id made once and kept in the state directory, so that the
 * same instance on the same state comes back under the same id after a crash, and takes its
 * partitions back at once instead of waiting for the dead member's session to expire.
 */
public final class GroupInstanceId {
    public static final String AUTO = "auto";
    public static final String NONE = "none";
    static final String FILE = "tracepipe-instance.id";

    private GroupInstanceId() {}

    /** Whether {@code id} is an id to join with (not null, {@value #NONE} or the unresolved {@value #AUTO}). */
    static boolean isConcrete(String id) {
        return id != null && !id.equals(NONE) && !id.equals(AUTO);
    }

    /** The id to use, or null for dynamic membership. */
    public static String resolve(String configured, Path stateDir) {
        if (configured == null || configured.equals(NONE)) {
            return null;
        }
        return configured.equals(AUTO) ? keptIn(stateDir) : configured;
    }

    /**
     * The id kept in {@code stateDir}, made on first use: the host name (readable in admin tools)
     * and 8 random hex digits (two instances on one host have state directories of their own).
     */
    static String keptIn(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            Files.createDirectories(stateDir);
            byte[] random = new byte[4];
            new SecureRandom().nextBytes(random);
            String id = "tracepipe-" + hostName() + "-" + HexFormat.of().formatHex(random);
            Path written = Files.writeString(stateDir.resolve(FILE + ".new"), id + "\n", StandardCharsets.UTF_8);
            Files.move(written, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the group instance id in " + file + " (kafka.state-dir)", e);
        }
    }

    private static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = "host";
        }
        String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        return clean.isEmpty() ? "host" : clean.substring(0, Math.min(clean.length(), 60));
    }
}
