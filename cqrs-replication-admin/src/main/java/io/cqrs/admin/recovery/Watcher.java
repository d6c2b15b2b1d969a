package io.cqrs.admin.recovery;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.common.dialect.ReplicationSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code watch}: diagnoses every {@link WatchOptions#interval()} and reports each check; with
 * auto-recovery runs {@link Recoverer} on unhealthy checks (refused plans are reported, not run).
 * It watches one pair, or every replica of a source ({@link #ofEveryReplica}): then each check asks
 * the source again which replicas it has and reports one event per replica. The sleeping is
 * injected so tests need no real waits.
 */
public final class Watcher {

    /** Waits between checks. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** The pairs to check, asked for again at every check. */
    private final Supplier<List<ReplicationAdmin>> pairs;
    private final ReplicationSource from;
    private final WatchOptions options;
    private final Sleeper sleeper;
    private final java.time.Clock clock = java.time.Clock.systemUTC();

    /** @param from needed for auto-recovery (may be null without it) */
    public Watcher(ReplicationAdmin admin, ReplicationSource from, WatchOptions options) {
        this(admin, from, options, d -> Thread.sleep(d.toMillis()));
    }

    public Watcher(ReplicationAdmin admin, ReplicationSource from, WatchOptions options, Sleeper sleeper) {
        this(() -> List.of(admin), from, options, sleeper);
    }

    /**
     * Watches the pairs {@code pairs} gives at each check (e.g. every replica registered with a
     * source: {@code () -> ReplicaSet.discover(...).pairs()}); a check whose supplier throws an
     * {@link AdminException} is reported as one failed check.
     */
    public static Watcher ofEveryReplica(Supplier<List<ReplicationAdmin>> pairs, ReplicationSource from, WatchOptions options) {
        return new Watcher(pairs, from, options, d -> Thread.sleep(d.toMillis()));
    }

    private Watcher(Supplier<List<ReplicationAdmin>> pairs, ReplicationSource from, WatchOptions options, Sleeper sleeper) {
        if (options.autoRecover() && from == null) {
            throw new IllegalArgumentException("auto-recovery needs the replication account (ReplicationSource)");
        }
        this.pairs = pairs;
        this.from = from;
        this.options = options;
        this.sleeper = sleeper;
    }

    /**
     * Runs the checks and returns the exit code of the last one (or of the first that was not
     * healthy, with {@code exitOnFailure}): 0 when every pair was healthy, 1 when a check itself
     * failed (a server could not be read), else 3 when a pair was unhealthy.
     */
    public int run(Consumer<WatchEvent> listener) {
        int last = 0;
        for (int i = 1; options.count() == 0 || i <= options.count(); i++) {
            last = 0;
            for (WatchEvent e : checkAll(i)) {
                if (e.diagnosis() == null) {
                    last = 1;
                } else if (!e.healthy() && last == 0) {
                    last = 3;
                }
                listener.accept(e);
            }
            if (last != 0 && options.exitOnFailure()) {
                return last;
            }
            if (!pause(i)) {
                return last;
            }
        }
        return last;
    }

    /** One event per pair; one failed event when the pairs cannot be read. */
    private List<WatchEvent> checkAll(int i) {
        List<ReplicationAdmin> now;
        try {
            now = pairs.get();
        } catch (AdminException ex) {
            return List.of(new WatchEvent(i, clock.instant(), null, null, ex.getMessage()));
        }
        List<WatchEvent> events = new ArrayList<>(now.size());
        for (ReplicationAdmin admin : now) {
            try {
                events.add(check(admin, i));
            } catch (AdminException ex) {
                events.add(new WatchEvent(i, clock.instant(), null, null, admin.replica().address() + ": " + ex.getMessage()));
            }
        }
        return events;
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

    private WatchEvent check(ReplicationAdmin admin, int i) {
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
