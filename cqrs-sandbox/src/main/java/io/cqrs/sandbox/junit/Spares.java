package io.cqrs.sandbox.junit;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.common.ServerFlavor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Isolated sandboxes without the wait: while a test runs on one, the next one of the same kind
 * (flavour, replica count) is already starting, and a used one is discarded (SIGKILL, directory
 * deleted) in the background. A server start is mostly waiting on the server, so on a 2-core
 * machine the next start overlaps the current test instead of following it. Whatever is left at
 * the end of the run (an unused spare, a discard still going) is finished by {@link #close()}.
 */
final class Spares implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Spares.class);

    private record Kind(ServerFlavor flavor, int replicas) {
    }

    private final Map<Kind, CompletableFuture<Sandbox>> next = new HashMap<>();
    private final List<CompletableFuture<Void>> discards = new ArrayList<>();
    private final ExecutorService starter = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-spares");
        t.setDaemon(true);
        return t;
    });

    /** A started sandbox of this kind, all to the caller; the next one of the kind starts now. */
    synchronized Sandbox take(ServerFlavor flavor, int replicas) {
        Kind kind = new Kind(flavor, replicas);
        CompletableFuture<Sandbox> ready = next.remove(kind);
        next.put(kind, CompletableFuture.supplyAsync(() -> start(kind), starter));
        if (ready == null) {
            return start(kind);
        }
        try {
            return ready.join();
        } catch (CompletionException e) {
            // the spare failed to start: say why with a start of our own (it fails the same way, or works this time)
            log.warn("a spare {} sandbox did not start ({}); starting one now", flavor.displayName(), e.getCause().getMessage());
            return start(kind);
        }
    }

    /** Discards a used sandbox in the background. */
    synchronized void discard(Sandbox sandbox) {
        discards.add(CompletableFuture.runAsync(sandbox::discard, starter));
    }

    private static Sandbox start(Kind kind) {
        return SandboxExtension.startTestSandbox(kind.flavor(), kind.replicas());
    }

    /** Stops the unused spares and waits for every discard. */
    @Override
    public synchronized void close() {
        for (CompletableFuture<Sandbox> f : next.values()) {
            discards.add(f.thenAccept(Sandbox::discard));
        }
        next.clear();
        for (CompletableFuture<Void> d : discards) {
            try {
                d.join();
            } catch (CompletionException e) {
                log.warn("a spare sandbox could not be started or discarded: {}", e.getCause().getMessage());
            }
        }
        discards.clear();
        starter.shutdown();
    }
}
