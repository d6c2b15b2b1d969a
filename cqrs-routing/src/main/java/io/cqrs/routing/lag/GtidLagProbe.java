package io.cqrs.routing.lag;

import io.cqrs.common.GtidSet;
import io.cqrs.common.ServerFlavor;
import io.cqrs.common.dialect.GtidSql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;

/**
 * Lag from GTID positions. Each probe reads the source's executed set, then the replica's,
 * and remembers the source sets it saw with the time it read them (the last
 * {@value #HISTORY} probes). The lag is the age of the newest remembered source set the
 * replica already contains: zero when it has everything the source had at this probe, an
 * upper bound with the probe interval as resolution otherwise. When the replica contains
 * none of them, the lag is unknown and the sample says how many transactions it is behind.
 *
 * <p>The first probe has nothing older to compare with: a replica a few milliseconds behind a write
 * (the source's set read just before, not yet applied) would look as unknown as one hours behind,
 * and a monitor takes an unknown lag as ineligible — a healthy replica would get no reads until the
 * next probe. So the first probe reads the replica again, a few times within
 * {@value #FIRST_PROBE_WAIT_MS} ms; once it has the source's set, the lag is at most the time since
 * that set was read.
 *
 * <p>Each sample also carries the replica's applied set ({@link LagSample#applied()}), which the
 * router keeps as "known applied" for read-your-writes tokens.
 *
 * <p>Replica set: MySQL {@code @@GLOBAL.gtid_executed}, MariaDB {@code @@GLOBAL.gtid_slave_pos};
 * the source set comes from {@link SourceGtids} (MySQL {@code @@GLOBAL.gtid_executed}, MariaDB
 * {@code @@GLOBAL.gtid_binlog_pos}).
 */
public final class GtidLagProbe implements LagProbe {

    static final int HISTORY = 64;
    /** How long the first probe waits for the replica to reach the source's set (see the class comment). */
    static final long FIRST_PROBE_WAIT_MS = 100;
    private static final long FIRST_PROBE_STEP_MS = 10;

    /** Waits between the first probe's reads; tests advance their clock instead. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    /** The source's executed GTIDs, read now. */
    @FunctionalInterface
    public interface SourceGtids {
        /** The source's executed GTID set as the server prints it. */
        String executedGtids() throws SQLException;
    }

    private record Seen(Instant at, String gtids) {
    }

    private final ServerFlavor flavor;
    private final SourceGtids source;
    private final GtidComparator comparator;
    private final Clock clock;
    private final String replicaSql;
    private final Pause pause;
    private final Deque<Seen> history = new ArrayDeque<>();
    private boolean probedBefore;

    /** A probe reading the source through {@code source} and comparing with {@code comparator}. */
    public GtidLagProbe(ServerFlavor flavor, SourceGtids source, GtidComparator comparator, Clock clock) {
        this(flavor, source, comparator, clock, d -> Thread.sleep(d.toMillis()));
    }

    GtidLagProbe(ServerFlavor flavor, SourceGtids source, GtidComparator comparator, Clock clock, Pause pause) {
        this.pause = Objects.requireNonNull(pause, "pause");
        this.flavor = Objects.requireNonNull(flavor, "flavor");
        this.source = Objects.requireNonNull(source, "source");
        this.comparator = Objects.requireNonNull(comparator, "comparator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replicaSql = GtidSql.of(flavor).selectReplicaApplied();
    }

    /** A probe comparing GTID text ({@link GtidComparator#textual(ServerFlavor)}). */
    public static GtidLagProbe textual(ServerFlavor flavor, SourceGtids source, Clock clock) {
        return new GtidLagProbe(flavor, source, GtidComparator.textual(flavor), clock);
    }

    /** The source query for a flavour, for a {@link SourceGtids} built on a source connection. */
    public static String sourceQuery(ServerFlavor flavor) {
        return GtidSql.of(flavor).selectSourceWritten();
    }

    /** The sample, with the replica's applied set when it parses (the lag does not depend on it). */
    @Override
    public synchronized LagSample probe(Connection replica) throws SQLException {
        String[] replicaSet = new String[1];
        LagSample sample = measure(replica, replicaSet);
        try {
            return sample.withApplied(GtidSet.parse(flavor, replicaSet[0]));
        } catch (IllegalArgumentException unparsable) {
            return sample;
        }
    }

    private LagSample measure(Connection replica, String[] replicaSetOut) throws SQLException {
        Instant now = clock.instant();
        String sourceSet = nullToEmpty(source.executedGtids());
        if (history.isEmpty() || !history.peekLast().gtids().equals(sourceSet)) {
            history.addLast(new Seen(now, sourceSet));
        }
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        String replicaSet = replicaSet(replica);
        long behind = comparator.missing(sourceSet, replicaSet);
        Duration caughtUpIn = Duration.ZERO;
        if (behind > 0 && !probedBefore) { // nothing older to compare with (class comment)
            for (long waited = 0; behind > 0 && waited < FIRST_PROBE_WAIT_MS; waited += FIRST_PROBE_STEP_MS) {
                try {
                    pause.pause(Duration.ofMillis(FIRST_PROBE_STEP_MS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                replicaSet = replicaSet(replica);
                behind = comparator.missing(sourceSet, replicaSet);
            }
            caughtUpIn = Duration.between(now, clock.instant());
        }
        probedBefore = true;
        replicaSetOut[0] = replicaSet;
        if (behind == 0) {
            history.clear();
            history.addLast(new Seen(now, sourceSet));
            return new LagSample(caughtUpIn, false, 0);
        }
        for (Iterator<Seen> it = history.descendingIterator(); it.hasNext(); ) {
            Seen seen = it.next();
            if (comparator.contains(replicaSet, seen.gtids())) {
                while (history.peekFirst() != seen) {
                    history.removeFirst();
                }
                return new LagSample(Duration.between(seen.at(), now), false, behind);
            }
        }
        return LagSample.behind(behind);
    }

    private String replicaSet(Connection replica) throws SQLException {
        try (Statement st = replica.createStatement(); ResultSet rs = st.executeQuery(replicaSql)) {
            return rs.next() ? nullToEmpty(rs.getString(1)) : "";
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    @Override
    public String name() {
        return "gtid";
    }
}
