package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencyConfig;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.consistency.GtidWaiter;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One question: may this replica serve a read that carries a token? One gate per token read.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A replica known to have applied the token (a check or wait confirmed it earlier) serves it
 *       at once, without a round trip ({@link RoutingReason#TOKEN_PINNED}); such a replica is tried
 *       first ({@link #knownHolder}).</li>
 *   <li>Otherwise the borrowed connection runs one statement that checks and waits
 *       ({@code WAIT_FOR_EXECUTED_GTID_SET} bounded by {@code MAX_EXECUTION_TIME} /
 *       {@code MASTER_GTID_WAIT}; it returns at once when the token is already applied) within
 *       what is left of {@code cqrs.consistency.token-wait-ms}, counted from the start of the read
 *       ({@link RoutingReason#TOKEN_WAITED}). No second ask, no polling: at most one statement
 *       besides the read itself.</li>
 *   <li>Not applied in time: the replica declines; the read tries the next one, then the source.</li>
 *   <li>A degraded read (source down) only checks ({@code GTID_SUBSET} / {@code gtid_slave_pos}),
 *       never waits ({@link #checkOnly}).</li>
 * </ul>
 */
final class TokenGate {

    private final ConsistencyToken token;
    /** {@link System#nanoTime()} by which waiting must end; 0 for check-only. */
    private final long deadline;
    /** The wait budget, for the message; null for check-only (which also keeps the proposed reason). */
    private final Duration tokenWait;

    private TokenGate(ConsistencyToken token, long deadline, Duration tokenWait) {
        this.token = token;
        this.deadline = deadline;
        this.tokenWait = tokenWait;
    }

    /** A gate that waits up to {@code cqrs.consistency.token-wait-ms} from now. */
    static TokenGate waiting(ConsistencyToken token, Duration tokenWait) {
        return new TokenGate(token, System.nanoTime() + tokenWait.toNanos(), tokenWait);
    }

    /** A gate that checks without waiting and keeps the proposed reason (degraded reads). */
    static TokenGate checkOnly(ConsistencyToken token) {
        return new TokenGate(token, 0, null);
    }

    /** The index of the first candidate known to have applied {@code token}, or -1. No round trip. */
    static int knownHolder(EndpointRuntime[] candidates, ConsistencyToken token) {
        for (int i = 0; i < candidates.length; i++) {
            if (candidates[i].hasApplied(token)) {
                return i;
            }
        }
        return -1;
    }

    /** Why a replica declined, for error messages. */
    String declined() {
        return tokenWait == null ? "has not applied the session's token"
                : "has not applied the session's token within " + ConsistencyConfig.KEY_TOKEN_WAIT_MS + "=" + tokenWait.toMillis() + "ms";
    }

    /**
     * Whether {@code replica} (borrowed as {@code c}) may serve the read: the reason to report
     * ({@code proposed} for a check-only gate, else {@link RoutingReason#TOKEN_PINNED} /
     * {@link RoutingReason#TOKEN_WAITED}), or null when it has not applied the token in time.
     */
    RoutingReason accept(EndpointRuntime replica, Connection c, RoutingReason proposed) throws SQLException {
        RoutingReason r = check(replica, c);
        return r == null ? null : tokenWait == null ? proposed : r;
    }

    private RoutingReason check(EndpointRuntime rt, Connection c) throws SQLException {
        if (rt.hasApplied(token)) {
            return RoutingReason.TOKEN_PINNED;
        }
        GtidWaiter waiter = GtidWaiter.forFlavor(token.flavor());
        if (deadline == 0) {
            if (!waiter.contains(c, token.gtids())) {
                return null;
            }
            rt.learnApplied(token);
            return RoutingReason.TOKEN_PINNED;
        }
        // One statement checks and waits: the server answers at once when the token is applied, else
        // when it is or the budget (what is left of it) ran out. With under a millisecond left it only checks.
        if (!waiter.await(c, token.gtids(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            return null;
        }
        rt.learnApplied(token);
        return RoutingReason.TOKEN_WAITED;
    }
}
