package io.cqrs.admin.recovery;

import java.util.List;
import java.util.Optional;

import static io.cqrs.admin.recovery.RecoveryStep.ENSURE_REPLICATION_USER;
import static io.cqrs.admin.recovery.RecoveryStep.PROVISION;
import static io.cqrs.admin.recovery.RecoveryStep.REPOINT_REPLICA;
import static io.cqrs.admin.recovery.RecoveryStep.RESET_GTID_HISTORY;
import static io.cqrs.admin.recovery.RecoveryStep.RESET_REPLICA;
import static io.cqrs.admin.recovery.RecoveryStep.START_REPLICATION;
import static io.cqrs.admin.recovery.RecoveryStep.START_THREADS;
import static io.cqrs.admin.recovery.RecoveryStep.WAIT_CAUGHT_UP;

/**
 * Chooses the {@link RecoveryPlan} for a set of findings; the most serious finding decides. Pure.
 * <ol>
 *   <li>errant GTIDs or an applier conflict: rebuild with the GTID history cleared, which discards the replica's own
 *       changes, so it needs {@code allowDataLoss};</li>
 *   <li>the admin cannot reach the source: nothing automatic;</li>
 *   <li>GTID overlap (3546): reset replica, clear its GTID history, provision (the runbook's 3546 flow);</li>
 *   <li>binlogs purged (1236): reset replica, provision (the runbook's full rebuild);</li>
 *   <li>access denied / user missing: recreate the user, repoint the replica with the password, restart;</li>
 *   <li>TLS/public key, replica cannot reach the source: repoint, restart ("check the network, retry");</li>
 *   <li>not configured: provision a NEW replica, start one that is IDENTICAL or RECOVERABLE from its own GTIDs;</li>
 *   <li>threads stopped: restart; lagging: wait; healthy: nothing; other errors: by hand.</li>
 * </ol>
 */
public final class PlanChooser {

    private PlanChooser() {
    }

    public static RecoveryPlan choose(List<Finding> findings, ReplicaStateReport state) {
        Optional<Finding> errant = first(findings, FindingKind.ERRANT_GTIDS);
        Optional<Finding> conflict = first(findings, FindingKind.APPLIER_CONFLICT);
        if (errant.isPresent() || conflict.isPresent()) {
            StringBuilder lose = new StringBuilder();
            errant.ifPresent(f -> lose.append("the replica's own transactions ")
                    .append(f.evidence().get("errant") != null ? f.evidence().get("errant") : state == null ? "" : state.errant()));
            conflict.ifPresent(f -> lose.append(lose.length() > 0 ? "; " : "").append("the replica's conflicting rows (")
                    .append(f.evidence().get("message")).append(") and any other row written on the replica directly"));
            return new RecoveryPlan(List.of(RESET_REPLICA, RESET_GTID_HISTORY, PROVISION), true, true, lose.toString(),
                    "the replica's data differs from the source's; only a rebuild from the source makes them equal again");
        }
        Optional<Finding> unreachable = findings.stream()
                .filter(f -> f.kind() == FindingKind.SOURCE_UNREACHABLE && "admin".equals(f.evidence().get("from"))).findFirst();
        if (unreachable.isPresent()) {
            return RecoveryPlan.manual("the admin cannot reach the source (" + unreachable.get().evidence().get("message")
                    + "); fix the network or start the source, then run recover again");
        }
        if (first(findings, FindingKind.GTID_OVERLAP).isPresent()) {
            return RecoveryPlan.safe("the replica's GTID history overlaps the position to start from (3546 flow): "
                    + "STOP; RESET REPLICA ALL; RESET MASTER; then snapshot, restore, start", RESET_REPLICA, RESET_GTID_HISTORY, PROVISION);
        }
        if (first(findings, FindingKind.BINLOGS_PURGED).isPresent()) {
            return RecoveryPlan.safe("the source no longer has the binlogs the replica needs (1236): full rebuild", RESET_REPLICA, PROVISION);
        }
        if (first(findings, FindingKind.REPLICATION_USER_MISSING).isPresent() || first(findings, FindingKind.ACCESS_DENIED).isPresent()) {
            return RecoveryPlan.safe("the replica cannot log in: recreate the replication user and grant, give the replica the password, retry",
                    ENSURE_REPLICATION_USER, REPOINT_REPLICA, START_THREADS, WAIT_CAUGHT_UP);
        }
        if (first(findings, FindingKind.SECURE_CONNECTION_REQUIRED).isPresent() || first(findings, FindingKind.SOURCE_UNREACHABLE).isPresent()) {
            return RecoveryPlan.safe("the replica cannot connect: point it at the source again (address, public key) and retry",
                    REPOINT_REPLICA, START_THREADS, WAIT_CAUGHT_UP);
        }
        Optional<Finding> other = first(findings, FindingKind.REPLICATION_ERROR);
        if (other.isPresent()) {
            return RecoveryPlan.manual(other.get().summary());
        }
        if (first(findings, FindingKind.NOT_CONFIGURED).isPresent()) {
            if (state == null) {
                return RecoveryPlan.manual("replication is not configured and the source's GTIDs could not be read");
            }
            return switch (state.state()) {
                case NEW -> RecoveryPlan.safe("the replica is new: provision it", RESET_REPLICA, PROVISION);
                case IDENTICAL, RECOVERABLE -> RecoveryPlan.safe("the replica's GTIDs are a part of the source's and the source still has "
                        + "the rest: configure replication and start", START_REPLICATION);
                default -> RecoveryPlan.safe("the replica cannot resume: rebuild", RESET_REPLICA, PROVISION);
            };
        }
        if (first(findings, FindingKind.THREADS_STOPPED).isPresent()) {
            return RecoveryPlan.safe("threads were stopped without an error: start them", START_THREADS, WAIT_CAUGHT_UP);
        }
        if (first(findings, FindingKind.LAGGING).isPresent()) {
            return RecoveryPlan.safe("running but behind: wait", WAIT_CAUGHT_UP);
        }
        return RecoveryPlan.nothing("healthy");
    }

    private static Optional<Finding> first(List<Finding> findings, FindingKind kind) {
        return findings.stream().filter(f -> f.kind() == kind).findFirst();
    }
}
