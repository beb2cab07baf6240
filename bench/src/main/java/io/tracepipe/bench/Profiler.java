package io.tracepipe.bench;

import java.lang.reflect.Method;

/**
 * async-profiler over one phase of a harness, through its Java API found by reflection, so the
 * bench module needs no dependency on it. Put {@code async-profiler-<v>-linux-x64.jar} (Maven
 * Central, {@code tools.profiler:async-profiler}) on the classpath, e.g. in {@code bench/target/lib},
 * and pass {@code --profile out.html} (or {@code .collapsed}, {@code .jfr}).
 */
final class Profiler {
    private static final Profiler NONE = new Profiler(null, null);

    private final Object profiler;
    private final String file;

    private Profiler(Object profiler, String file) {
        this.profiler = profiler;
        this.file = file;
    }

    /** Starts CPU profiling of every thread to {@code file}; does nothing when {@code file} is null. */
    static Profiler start(String file) {
        if (file == null) {
            return NONE;
        }
        try {
            Object p = Class.forName("one.profiler.AsyncProfiler").getMethod("getInstance").invoke(null);
            String event = System.getProperty("profile.event", "cpu");
            execute(p, "start,event=" + event + ",interval=" + System.getProperty("profile.interval", "5ms") + ",threads");
            Harness.log("profiling (%s) into %s", event, file);
            return new Profiler(p, file);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("--profile needs async-profiler's jar on the classpath (tools.profiler:async-profiler)", e);
        }
    }

    void stop() {
        if (profiler == null) {
            return;
        }
        try {
            execute(profiler, "stop,file=" + file);
            Harness.log("profile written to %s", file);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("stopping async-profiler failed", e);
        }
    }

    private static String execute(Object profiler, String command) throws ReflectiveOperationException {
        Method execute = profiler.getClass().getMethod("execute", String.class);
        return (String) execute.invoke(profiler, command);
    }
}
