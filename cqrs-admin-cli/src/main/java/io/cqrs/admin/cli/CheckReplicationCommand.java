package io.cqrs.admin.cli;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.identity.SafetyOverrides;
import io.cqrs.admin.identity.ServerIdentity;
import io.cqrs.admin.internal.Json;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.admin.replication.ReplicationHealth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "check-replication", mixinStandardHelpOptions = true,
        description = "Show the replica's replication status; exit 0 when healthy (both threads running, no errors, 0 s behind), 3 otherwise. "
                + "With --source and no --replica (or --all-replicas): every replica registered with the source, and which server is the source.")
final class CheckReplicationCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--all-replicas", description = "check every replica registered with the source (its report_host/report_port); "
            + "the default when --source is given without --replica")
    boolean all;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (connection.hasSource() && (all || !connection.hasReplica())) {
            return checkAll(out);
        }
        // with a source given, the replica must be a replica of that source (and the source must answer)
        ReplicationHealth h = connection.hasSource() ? connection.admin(SafetyOverrides.none()).checkPair()
                : ReplicationAdmin.check(connection.replica());
        out.print(json ? h.toJson() + System.lineSeparator() : h.toTable());
        return h.healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }

    private int checkAll(PrintWriter out) {
        ServerEndpoint source = connection.source();
        ServerIdentity s = ServerIdentity.read(source);
        List<String> problems = new ArrayList<>();
        if (s.upstream() != null) {
            problems.add(source.address() + " is not a source: it replicates from " + s.upstream().describe());
        }
        List<ReplicationHealth> replicas = new ArrayList<>();
        for (ServerIdentity.Follower f : s.followers()) {
            if (f.serverId() == 0 || !f.host().matches(".+:\\d+")) {
                problems.add("a replica that is not registered with its address (" + f.describe() + "): check it with --replica HOST:PORT");
                continue;
            }
            ReplicationAdmin admin = new ReplicationAdmin(source, connection.replicaAt(f.host()));
            String alias = connection.sourceAddressForReplica();
            replicas.add((alias == null ? admin : admin.sourceAddressForReplica(alias)).checkPair());
        }
        if (replicas.isEmpty() && problems.isEmpty()) {
            problems.add("no replica replicates from " + source.address());
        }
        boolean healthy = problems.isEmpty() && replicas.stream().allMatch(ReplicationHealth::healthy);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", s.describe());
            m.put("healthy", healthy);
            m.put("problems", problems);
            m.put("replicas", replicas.stream().map(ReplicationHealth::fields).toList());
            out.println(Json.write(m));
        } else {
            out.printf("source %s: %d replica%s, %s%n", s.describe(), replicas.size(), replicas.size() == 1 ? "" : "s",
                    healthy ? "healthy" : "UNHEALTHY");
            problems.forEach(p -> out.println("  problem: " + p));
            for (ReplicationHealth h : replicas) {
                out.println();
                out.print(h.toTable());
            }
        }
        return healthy ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }
}
