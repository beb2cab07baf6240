package io.tracepipe.alerting.lifecycle;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Where one rule stands for one group key, as stored between windows (and across restarts) by
 * {@link #encode()}. Times are epoch milliseconds; {@link #NONE} marks a time not yet known.
 *
 * @param phase INACTIVE, PENDING (breaching, not yet for long enough) or FIRING
 * @param lastWindowEndMs end of the last window stepped; verdicts for windows ending at or before it are ignored
 * @param breachRun consecutive breaching windows so far (PENDING)
 * @param clearRun consecutive non-breaching windows so far (FIRING, on its way to resolving)
 * @param startsAtMs start of the first breaching window of the current run (PENDING, FIRING)
 * @param lastBreachEndMs end of the last breaching window (FIRING): the resolved alert's endsAt
 * @param lastNotifiedMs wall-clock time the firing alert was last published (FIRING)
 */
public record AlertState(
        Phase phase,
        long lastWindowEndMs,
        int breachRun,
        int clearRun,
        long startsAtMs,
        long lastBreachEndMs,
        long lastNotifiedMs) {

    /** A time that is not known (yet). */
    public static final long NONE = Long.MIN_VALUE;

    private static final byte VERSION = 1;
    private static final int ENCODED_SIZE_V1 = 1 + 1 + 8 + 4 + 4 + 8 + 8 + 8;

    /** The phases of an alert's life. */
    public enum Phase {
        INACTIVE(0),
        PENDING(1),
        FIRING(2);

        // An explicit code, not the ordinal, so that reordering the constants cannot corrupt stored state.
        private final byte code;

        Phase(int code) {
            this.code = (byte) code;
        }

        static Phase ofCode(byte code) {
            for (Phase phase : values()) {
                if (phase.code == code) {
                    return phase;
                }
            }
            throw new IllegalArgumentException("unknown alert phase code " + code);
        }
    }

    public AlertState {
        Objects.requireNonNull(phase, "phase");
        if (breachRun < 0 || clearRun < 0) {
            throw new IllegalArgumentException("runs must not be negative: breach " + breachRun + ", clear " + clearRun);
        }
    }

    /** The state of a rule and key never seen before. */
    public static AlertState initial() {
        return new AlertState(Phase.INACTIVE, NONE, 0, 0, NONE, NONE, NONE);
    }

    /** Whether any window has been stepped into this state yet. */
    public boolean hasSeenWindow() {
        return lastWindowEndMs != NONE;
    }

    /** A versioned fixed-size binary form (42 bytes), for a state store. */
    public byte[] encode() {
        return ByteBuffer.allocate(ENCODED_SIZE_V1)
                .put(VERSION)
                .put(phase.code)
                .putLong(lastWindowEndMs)
                .putInt(breachRun)
                .putInt(clearRun)
                .putLong(startsAtMs)
                .putLong(lastBreachEndMs)
                .putLong(lastNotifiedMs)
                .array();
    }

    /**
     * Reads a state written by {@link #encode()}.
     *
     * @throws IllegalArgumentException when the bytes are not a state of a known version
     */
    public static AlertState decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty alert state");
        }
        if (bytes[0] != VERSION) {
            throw new IllegalArgumentException("unsupported alert state version " + bytes[0] + " (this build reads " + VERSION + ")");
        }
        if (bytes.length != ENCODED_SIZE_V1) {
            throw new IllegalArgumentException("alert state v1 must be " + ENCODED_SIZE_V1 + " bytes, was " + bytes.length);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        return new AlertState(
                Phase.ofCode(in.get()), in.getLong(), in.getInt(), in.getInt(), in.getLong(), in.getLong(), in.getLong());
    }
}
