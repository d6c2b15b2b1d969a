package io.cqrs.admin.replication;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.identity.SafetyOverrides;
import io.cqrs.admin.identity.ServerIdentity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A source and the replicas registered with it, as the source itself says ({@code SHOW REPLICAS} /
 * {@code SHOW SLAVE HOSTS}: each replica's {@code report_host}/{@code report_port}): what
 * {@code check-replication}, {@code diagnose} and {@code watch} look at when they are given the
 * source alone. Reading it changes nothing.
 *
 * @param source   the source's identity
 * @param pairs    one pair (source, replica) per registered replica, in the source's order
 * @param problems what keeps the set from being a healthy source with replicas, each with what to do:
 *                 the "source" replicates from another server, a replica is connected but not
 *                 registered with its address, no replica at all
 */
public record ReplicaSet(ServerIdentity source, List<ReplicationAdmin> pairs, List<String> problems) {

    public ReplicaSet {
        Objects.requireNonNull(source, "source");
        pairs = List.copyOf(pairs);
        problems = List.copyOf(problems);
    }

    /**
     * Reads the source and its registered replicas.
     *
     * @param replicaAt           how to log in to a replica at {@code host:port}
     * @param sourceAddressForReplica how the replicas reach the source when that differs from
     *                            {@code source}'s address, or null
     * @param overrides           the identity refusals the pairs may overrule
     */
    public static ReplicaSet discover(ServerEndpoint source, Function<String, ServerEndpoint> replicaAt,
                                      String sourceAddressForReplica, SafetyOverrides overrides) {
        ServerIdentity s = ServerIdentity.read(source);
        List<String> problems = new ArrayList<>();
        if (s.upstream() != null) {
            problems.add(source.address() + " is not a source: it replicates from " + s.upstream().describe()
                    + "; give that server as --source");
        }
        List<ReplicationAdmin> pairs = new ArrayList<>();
        for (ServerIdentity.Follower f : s.followers()) {
            if (f.serverId() == 0 || !f.host().matches(".+:\\d+")) {
                problems.add("a replica that is not registered with its address (" + f.describe()
                        + "): set report_host and report_port on it, or check it with --replica HOST:PORT");
                continue;
            }
            ReplicationAdmin pair = new ReplicationAdmin(source, replicaAt.apply(f.host()), overrides);
            pairs.add(sourceAddressForReplica == null ? pair : pair.sourceAddressForReplica(sourceAddressForReplica));
        }
        if (pairs.isEmpty() && problems.isEmpty()) {
            problems.add("no replica replicates from " + source.address()
                    + "; start one with 'cqrs-admin start-replication' (or give --replica HOST:PORT)");
        }
        return new ReplicaSet(s, pairs, problems);
    }

    /** "source HOST:PORT (server_id N): 2 replicas". */
    public String describe() {
        return "source " + source.describe() + ": " + pairs.size() + " replica" + (pairs.size() == 1 ? "" : "s");
    }
}
