package io.cqrs.admin.recovery;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.common.dialect.ReplicationSource;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * {@code watch}: diagnoses every {@link WatchOptions#interval()} and reports each check; with
 * auto-recovery runs {@link Recoverer} on unhealthy checks (refused plans are reported, not run).
 * The sleeping is injected so tests need no real waits.
 */
public final class Watcher {

    /** Waits between checks. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final ReplicationAdmin admin;
    private final ReplicationSource from;
    private final WatchOptions options;
    private final Sleeper sleeper;
    private final java.time.Clock clock = java.time.Clock.systemUTC();

    /** @param from needed for auto-recovery (may be null without it) */
    public Watcher(ReplicationAdmin admin, ReplicationSource from, WatchOptions options) {
        this(admin, from, options, d -> Thread.sleep(d.toMillis()));
    }

    public Watcher(ReplicationAdmin admin, ReplicationSource from, WatchOptions options, Sleeper sleeper) {
        if (options.autoRecover() && from == null) {
            throw new IllegalArgumentException("auto-recovery needs the replication account (ReplicationSource)");
        }
        this.admin = admin;
        this.from = from;
        this.options = options;
        this.sleeper = sleeper;
    }

    /**
     * Runs the checks and returns the exit code: 0 when the last check was healthy, 3 when it was not
     * (or the first unhealthy one with {@code exitOnFailure}), 1 when a check itself failed with
     * {@code exitOnFailure}.
     */
    public int run(Consumer<WatchEvent> listener) {
        int last = 0;
        for (int i = 1; options.count() == 0 || i <= options.count(); i++) {
            WatchEvent e;
            try {
                e = check(i);
                last = e.healthy() ? 0 : 3;
            } catch (AdminException ex) {
                e = new WatchEvent(i, clock.instant(), null, null, ex.getMessage());
                last = 1;
            }
            listener.accept(e);
            if (last != 0 && options.exitOnFailure()) {
                return last;
            }
            if (!pause(i)) {
                return last;
            }
        }
        return last;
    }

    private boolean pause(int i) {
        if (options.count() != 0 && i >= options.count()) {
            return true;
        }
        try {
            sleeper.sleep(options.interval());
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private WatchEvent check(int i) {
        Diagnosis d = new Diagnoser(admin, clock).diagnose();
        if (d.healthy() || !options.autoRecover()) {
            return new WatchEvent(i, d.at(), d, null, null);
        }
        if (!d.plan().isSafe() && !options.recovery().allowDataLoss()) {
            return new WatchEvent(i, d.at(), d, null, "not recovering automatically: " + d.plan().summary());
        }
        try {
            RecoveryResult r = new Recoverer(admin, from).recover(d, options.recovery());
            return new WatchEvent(i, d.at(), d, r, null);
        } catch (AdminException ex) {
            return new WatchEvent(i, d.at(), d, null, "recovery failed: " + ex.getMessage());
        }
    }
}
