package dev.coffer.cli.run;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * Catching SIGINT, SIGTERM and SIGHUP while the command runs, with {@code sun.misc.Signal}
 * (module {@code jdk.unsupported}, present in every OpenJDK build), reached by reflection so that
 * a JVM without it still runs {@code coffer run}: there {@link #install} installs nothing and the
 * JVM's default applies (shutdown hooks run, see {@link ChildProcess}). The previous handlers are
 * put back by {@link Installed#close}, so an in-process caller (the tests) keeps its own.
 */
public final class Signals {
    private static final Class<?> SIGNAL;
    private static final Class<?> HANDLER;
    private static final Constructor<?> NEW_SIGNAL;
    private static final Method HANDLE;
    private static final Method NUMBER;

    static {
        Class<?> signal = null;
        Class<?> handler = null;
        Constructor<?> ctor = null;
        Method handle = null;
        Method number = null;
        try {
            signal = Class.forName("sun.misc.Signal");
            handler = Class.forName("sun.misc.SignalHandler");
            ctor = signal.getConstructor(String.class);
            handle = signal.getMethod("handle", signal, handler);
            number = signal.getMethod("getNumber");
        } catch (ReflectiveOperationException | LinkageError e) {
            signal = null;
        }
        SIGNAL = signal;
        HANDLER = handler;
        NEW_SIGNAL = ctor;
        HANDLE = handle;
        NUMBER = number;
    }

    private Signals() {}

    /** Handlers in place until {@link #close}. */
    public static final class Installed implements AutoCloseable {
        private final List<Object[]> previous = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        /** The signals now handled, e.g. {@code [INT, TERM, HUP]}; empty when none could be. */
        public List<String> names() {
            return List.copyOf(names);
        }

        @Override
        public synchronized void close() {
            for (Object[] p : previous) {
                try {
                    HANDLE.invoke(null, p[0], p[1]);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // the process is about to exit or return; the old handler matters no more
                }
            }
            previous.clear();
        }
    }

    /**
     * Calls {@code handler} with the signal's name and number for each of {@code names} that
     * this JVM lets a program handle (not with {@code -Xrs}, and never QUIT, which the JVM keeps).
     */
    public static Installed install(List<String> names, ObjIntConsumer<String> handler) {
        Installed installed = new Installed();
        if (SIGNAL == null) {
            return installed;
        }
        for (String name : names) {
            try {
                Object signal = NEW_SIGNAL.newInstance(name);
                Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {HANDLER},
                        (self, method, args) -> switch (method.getName()) {
                            case "handle" -> {
                                handler.accept(name, (Integer) NUMBER.invoke(args[0]));
                                yield null;
                            }
                            case "equals" -> self == args[0];
                            case "hashCode" -> System.identityHashCode(self);
                            default -> "coffer run: forwards SIG" + name;
                        });
                Object old = HANDLE.invoke(null, signal, proxy);
                installed.previous.add(new Object[] {signal, old});
                installed.names.add(name);
            } catch (InvocationTargetException | InstantiationException | IllegalAccessException | RuntimeException e) {
                // this signal stays with the JVM's default (e.g. -Xrs): the shutdown hook covers it
            }
        }
        return installed;
    }
}
