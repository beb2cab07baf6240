package io.tracepipe.alerting.lifecycle;

import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.alerting.lifecycle.AlertState.Phase;
import io.tracepipe.anomaly.eval.Outcome;
import io.tracepipe.anomaly.eval.Verdict;
import java.time.Instant;
import java.util.Objects;

/**
 * The alert state machine of one rule over one group key, as a pure function of the stored
 * state, the next verdict and the clock: INACTIVE → PENDING → FIRING → (resolved) INACTIVE.
 *
 * <ul>
 *   <li>A BREACH starts a run; after {@code forWindows} consecutive breaching windows the alert
 *       fires (with {@code forWindows = 1} on the first, with no PENDING step).
 *   <li>CLEAR and INSUFFICIENT_DATA are both non-breaching: they end a PENDING run without a
 *       word, and {@code resolveAfterWindows} of them in a row resolve a firing alert. A breach
 *       in the middle of that run starts the count again (hysteresis).
 *   <li>Windows with no verdict at all (a key that went quiet) count as non-breaching windows:
 *       they break a PENDING run and count towards resolving, so an alert whose traffic stopped
 *       resolves on the next verdict instead of firing on.
 *   <li>A firing alert that keeps breaching is published again, with the numbers and exemplars
 *       of the current window, once {@code repeatInterval} of wall-clock time has passed since
 *       it was last published. Non-breaching windows of a firing alert never re-publish it.
 *   <li>{@code startsAt} is the start of the first breaching window of the run that fired, and
 *       {@code endsAt} of the resolved record is the end of the last breaching window: the
 *       interval in which the condition held, whatever {@code forWindows} delayed.
 *   <li>A verdict for a window that does not end after the last stepped window is ignored, so
 *       replaying verdicts after a restart never publishes a state change twice.
 * </ul>
 */
public final class AlertLifecycle {

    private AlertLifecycle() {}

    /** One step for a rule with no extra labels or annotations. */
    public static Transition step(AlertState previous, Verdict verdict, LifecycleSettings settings, Instant now) {
        return step(previous, verdict, RuleDecoration.NONE, settings, now);
    }

    /**
     * One step: the state after {@code verdict}, and the alert to publish, if any.
     *
     * @param previous the stored state, or null when this rule and key were never seen
     * @param now wall-clock time, used only to pace re-notifications
     */
    public static Transition step(
            AlertState previous, Verdict verdict, RuleDecoration decoration, LifecycleSettings settings, Instant now) {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(decoration, "decoration");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(now, "now");
        AlertState state = previous == null ? AlertState.initial() : previous;
        if (state.hasSeenWindow() && verdict.windowEndMs() <= state.lastWindowEndMs()) {
            return Transition.silent(state);
        }
        long missed = missedWindows(state, verdict);
        boolean breach = verdict.outcome() == Outcome.BREACH;
        return switch (state.phase()) {
            case INACTIVE -> breach ? startRun(verdict, decoration, settings, now) : quiet(verdict);
            case PENDING -> breach ? extendRun(state, missed, verdict, decoration, settings, now) : quiet(verdict);
            case FIRING -> breach
                    ? keepFiring(state, verdict, decoration, settings, now)
                    : clearing(state, missed, verdict, decoration, settings);
        };
    }

    private static Transition quiet(Verdict verdict) {
        return Transition.silent(new AlertState(
                Phase.INACTIVE, verdict.windowEndMs(), 0, 0, AlertState.NONE, AlertState.NONE, AlertState.NONE));
    }

    private static Transition startRun(Verdict verdict, RuleDecoration decoration, LifecycleSettings settings, Instant now) {
        return breachRun(1, verdict.windowStartMs(), verdict, decoration, settings, now);
    }

    private static Transition extendRun(
            AlertState state, long missed, Verdict verdict, RuleDecoration decoration, LifecycleSettings settings, Instant now) {
        // Windows without a verdict in between mean the breaches were not consecutive.
        return missed > 0
                ? startRun(verdict, decoration, settings, now)
                : breachRun(state.breachRun() + 1, state.startsAtMs(), verdict, decoration, settings, now);
    }

    private static Transition breachRun(
            int run, long startsAtMs, Verdict verdict, RuleDecoration decoration, LifecycleSettings settings, Instant now) {
        if (run < settings.forWindows()) {
            return Transition.silent(new AlertState(
                    Phase.PENDING, verdict.windowEndMs(), run, 0, startsAtMs, AlertState.NONE, AlertState.NONE));
        }
        AlertState firing = new AlertState(
                Phase.FIRING, verdict.windowEndMs(), run, 0, startsAtMs, verdict.windowEndMs(), now.toEpochMilli());
        return Transition.publishing(firing,
                VerdictAlert.of(AlertStatus.FIRING, verdict, decoration, Instant.ofEpochMilli(startsAtMs), null));
    }

    private static Transition keepFiring(
            AlertState state, Verdict verdict, RuleDecoration decoration, LifecycleSettings settings, Instant now) {
        boolean repeat = settings.renotifies()
                && (state.lastNotifiedMs() == AlertState.NONE
                        || now.toEpochMilli() - state.lastNotifiedMs() >= settings.repeatInterval().toMillis());
        AlertState next = new AlertState(
                Phase.FIRING,
                verdict.windowEndMs(),
                saturatedAdd(state.breachRun(), 1),
                0,
                state.startsAtMs(),
                verdict.windowEndMs(),
                repeat ? now.toEpochMilli() : state.lastNotifiedMs());
        if (!repeat) {
            return Transition.silent(next);
        }
        return Transition.publishing(next, VerdictAlert.of(
                AlertStatus.FIRING, verdict, decoration, Instant.ofEpochMilli(state.startsAtMs()), null));
    }

    private static Transition clearing(
            AlertState state, long missed, Verdict verdict, RuleDecoration decoration, LifecycleSettings settings) {
        int clearRun = saturatedAdd(state.clearRun(), missed + 1);
        if (clearRun < settings.resolveAfterWindows()) {
            return Transition.silent(new AlertState(
                    Phase.FIRING, verdict.windowEndMs(), state.breachRun(), clearRun,
                    state.startsAtMs(), state.lastBreachEndMs(), state.lastNotifiedMs()));
        }
        return Transition.publishing(quiet(verdict).state(), VerdictAlert.of(
                AlertStatus.RESOLVED, verdict, decoration,
                Instant.ofEpochMilli(state.startsAtMs()), Instant.ofEpochMilli(state.lastBreachEndMs())));
    }

    /** Whole windows between the last stepped window and this one for which no verdict came. */
    private static long missedWindows(AlertState state, Verdict verdict) {
        long length = verdict.windowEndMs() - verdict.windowStartMs();
        if (!state.hasSeenWindow() || length <= 0) {
            return 0;
        }
        long gap = verdict.windowStartMs() - state.lastWindowEndMs();
        return gap <= 0 ? 0 : gap / length;
    }

    private static int saturatedAdd(int count, long more) {
        return (int) Math.min(Integer.MAX_VALUE, count + more);
    }
}
