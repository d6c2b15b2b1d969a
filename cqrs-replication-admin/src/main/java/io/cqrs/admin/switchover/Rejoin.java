package io.cqrs.admin.switchover;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.identity.SafetyOverrides;
import io.cqrs.admin.recovery.RecoveryPlan;
import io.cqrs.admin.replication.ProvisionOptions;
import io.cqrs.admin.replication.Provisioner;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.common.dialect.ReplicationSource;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A former source returns as a replica of the new source. Its transactions that the new source
 * lacks are the writes the failover lost: they are reported, and the rejoin is refused (changing
 * nothing) unless {@link SourceChangeOptions#allowDataLoss()} says to rebuild it from the new
 * source, throwing them away, as {@code recover} does for errant transactions.
 */
public final class Rejoin {

    private static final String OP = "rejoin";

    private Rejoin() {
    }

    public static SourceChangeResult run(ServerEndpoint formerSource, ServerEndpoint source, ReplicationSource credentials,
                                         SourceChangeOptions options) {
        Node old = Node.read(formerSource);
        Node neu = Node.read(source);
        if (old.identity.sameServerAs(neu.identity)) {
            throw Topology.refuse(OP, formerSource.address() + " and " + source.address() + " are the same server",
                    "Give the former source with --replica and the current source with --source");
        }
        if (neu.identity.upstream() != null) {
            throw Topology.refuse(OP, neu.identity.describe() + " replicates from " + neu.identity.upstream().describe()
                    + ": it is not the source", "Give the current source with --source");
        }
        ReplicationSource to = Topology.to(neu, credentials);
        String lost = Topology.beyond(old, neu);
        List<String> steps = new ArrayList<>();
        if (!lost.isEmpty() && !options.allowDataLoss()) {
            throw AdminException.withRemedies(OP + " refused: " + old.address() + " has transactions the new source " + neu.address()
                    + " lacks (" + lost + "): writes it acknowledged that the failover lost. Nothing was changed. Copy what must be "
                    + "kept to the new source by hand, then pass {} to rebuild " + old.address() + " from the new source (they are "
                    + "thrown away)", RecoveryPlan.DATA_LOSS);
        }
        List<String> planned = new ArrayList<>();
        planned.add(old.dialect.setReadOnly(true));
        planned.addAll(lost.isEmpty() ? old.followStatements(to, old.identity.upstream() == null)
                : List.of("-- rebuild: reset, copy a snapshot of " + neu.address() + ", start replication"));
        if (options.dryRun()) {
            planned.forEach(s -> steps.add(old.address() + ": " + io.cqrs.common.dialect.Dialect.mask(s)));
            return new SourceChangeResult(OP, old.address(), neu.address(), true, steps, null, lost, List.of());
        }
        try {
            old.run(steps, old.dialect.setReadOnly(true));
            if (lost.isEmpty()) {
                old.run(steps, old.followStatements(to, old.identity.upstream() == null).toArray(String[]::new));
                Topology.awaitRunning(OP, List.of(old), options.timeout());
                new ReplicationAdmin(source, formerSource).waitCaughtUp(options.timeout());
            } else {
                // the returning server is known not to be followed by anyone that matters: it was just a dead source
                ReplicationAdmin admin = new ReplicationAdmin(source, formerSource, SafetyOverrides.none().allowOtherSource(true));
                Provisioner.provision(admin, to, ProvisionOptions.direct().resetReplicaFirst(true).timeout(options.timeout()));
                steps.add(old.address() + ": rebuilt from " + neu.address() + " (reset, snapshot copy, start replication)");
            }
        } catch (SQLException e) {
            throw new AdminException("rejoin of " + old.address() + " failed after " + steps + ": " + e.getMessage()
                    + ". It is read-only; run rejoin again", e);
        }
        return new SourceChangeResult(OP, old.address(), neu.address(), false, steps, null, lost, List.of(old.address()));
    }
}
