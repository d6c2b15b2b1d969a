package io.cqrs.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Loopback ports for sandbox servers, and the sandbox's interruptible short wait. */
final class Ports {

    private Ports() {
    }

    /** Ports handed out recently by this JVM → when; servers starting in parallel never get the same one. */
    private static final Map<Integer, Long> RECENT = new ConcurrentHashMap<>();
    private static final long RECENT_NANOS = TimeUnit.MINUTES.toNanos(2);

    /**
     * A port nobody listens on right now and that this JVM has not handed out in the last two
     * minutes (another process may still take it before ours binds: callers check and retry).
     */
    static int freePort() {
        long now = System.nanoTime();
        RECENT.values().removeIf(t -> now - t > RECENT_NANOS);
        for (int i = 0; ; i++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                s.setReuseAddress(false);
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
            }
            if (RECENT.putIfAbsent(port, now) == null || i >= 20) {
                return port;
            }
        }
    }

    static void checkPortFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw new SandboxException("port " + port + " on 127.0.0.1 is already in use (another server?); "
                    + "choose another port or leave it unset so the sandbox picks a free one");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted", e);
        }
    }
}
