package io.cqrs.sandbox;

import java.util.ArrayList;
import java.util.List;

/** Stops servers the JVM started and still runs when it exits. */
final class ServerReaper {
    private static final java.util.Set<SandboxServer> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    static void register(SandboxServer s) {
        if (!hooked) {
            synchronized (ServerReaper.class) {
                if (!hooked) {
                    Runtime.getRuntime().addShutdownHook(new Thread(ServerReaper::stopAll, "cqrs-sandbox-reaper"));
                    hooked = true;
                }
            }
        }
        RUNNING.add(s);
    }

    static void unregister(SandboxServer s) {
        RUNNING.remove(s);
    }

    static void stopAll() {
        List<Thread> stoppers = new ArrayList<>();
        for (SandboxServer s : List.copyOf(RUNNING)) {
            Thread t = new Thread(() -> {
                try {
                    s.stop();
                } catch (RuntimeException e) {
                    s.destroyForcibly();
                }
            }, "cqrs-sandbox-stop-" + s.name());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join(SandboxServer.STOP_TIMEOUT.toMillis() + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
