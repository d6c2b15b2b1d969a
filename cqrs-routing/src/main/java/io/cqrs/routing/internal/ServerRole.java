package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointConfig;

import java.util.List;

/**
 * What one server said about its role in one discovery round: whether it answered, its
 * {@code server_id}, whether it refuses writes, whether it replicates and from where, and (when
 * it takes writes) the replicas registered with it.
 *
 * @param replicating  a replication channel is configured and a thread of it runs (or tries to)
 * @param replicaHosts the source's replica list ({@code SHOW REPLICAS}); empty for a read-only server
 * @param error        why it did not answer, or null
 */
record ServerRole(String name, EndpointConfig config, boolean reachable, long serverId, boolean readOnly,
                  boolean replicating, String sourceHost, int sourcePort, List<ReplicaHost> replicaHosts, String error) {

    /** One row of a source's replica list: the replica's server id and its report_host / report_port. */
    record ReplicaHost(long serverId, String host, int port) {
        String address() {
            return host + ":" + port;
        }
    }

    static ServerRole unreachable(String name, EndpointConfig config, String error) {
        return new ServerRole(name, config, false, -1, true, false, null, -1, List.of(), error);
    }

    /** Writable and replicating from nobody: what a source looks like. */
    boolean looksLikeSource() {
        return reachable && !readOnly && !replicating;
    }

    /** One line for the discovery note. */
    String describe() {
        if (!reachable) {
            return name + ": no answer (" + error + ")";
        }
        return name + ": " + (readOnly ? "read-only" : "writable")
                + (replicating ? ", replicates from " + sourceHost + ":" + sourcePort : ", replicates from nobody");
    }
}
